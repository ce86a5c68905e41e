package io.botasky.agent.linux;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code /proc} below a root given at construction ({@code /proc} in production, a fixture
 * tree in tests). Each method is a thin read plus a pure parser; a parse failure becomes a {@link
 * MalformedDataException} that names the file.
 */
public final class ProcFs {
  private static final Pattern PAGE_SIZE = Pattern.compile("KernelPageSize:\\s+(\\d+) kB");
  private static final long DEFAULT_PAGE = 4096;
  private final Path root;

  public ProcFs(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public LoadAvg loadAvg() throws IOException {
    return parse("loadavg", LoadAvg::parse);
  }

  public CpuStat cpuStat() throws IOException {
    return parse("stat", CpuStat::parse);
  }

  public MemInfo memInfo() throws IOException {
    return parse("meminfo", MemInfo::parse);
  }

  public Uptime uptime() throws IOException {
    return parse("uptime", Uptime::parse);
  }

  public List<MountEntry> mounts() throws IOException {
    return parse("mounts", MountEntry::parse);
  }

  /** Mount point → {@code major:minor} of its device, from {@code self/mountinfo}. */
  public Map<String, String> mountDevNumbers() throws IOException {
    return parse("self/mountinfo", BlockDevices::devNumbers);
  }

  /**
   * Interface counters of this process's network namespace ({@code net/dev}, i.e. {@code
   * self/net/dev}), by interface name.
   */
  public Map<String, NetDevCounters> netDev() throws IOException {
    return parse("net/dev", NetDevCounters::parse);
  }

  /** The host name as the kernel knows it. */
  public String hostname() throws IOException {
    return parse("sys/kernel/hostname", ProcFs::firstLine);
  }

  /** The kernel release, as {@code uname -r}. */
  public String kernelRelease() throws IOException {
    return parse("sys/kernel/osrelease", ProcFs::firstLine);
  }

  /**
   * The memory page size, for the rss field of {@code stat}. Java cannot call sysconf, and a Pi 5
   * kernel may use 16 KiB pages, so we read our own first mapping; 4 KiB when that is unreadable.
   */
  public long pageSize() {
    try {
      Matcher m = PAGE_SIZE.matcher(BoundedFiles.read(root.resolve("self/smaps"), 4096));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : DEFAULT_PAGE;
    } catch (IOException | RuntimeException e) {
      return DEFAULT_PAGE;
    }
  }

  /** Every numeric entry of the root: the pids alive at this moment. */
  public List<Integer> pids() throws IOException {
    // File.list reads the directory in one native call: the scan runs every 30 s over every
    // process, in code that stays interpreted (docs/agent.md, "Footprint").
    String[] names = root.toFile().list();
    if (names == null) {
      throw new IOException(root + ": cannot list");
    }
    List<Integer> pids = new ArrayList<>(names.length);
    for (String n : names) {
      if (isPid(n)) {
        pids.add(Integer.parseInt(n));
      }
    }
    return pids;
  }

  private static boolean isPid(String name) {
    int len = name.length();
    if (len == 0 || len >= 10) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The stat line of every process. A process that exits between listing and reading is skipped; a
   * malformed stat is too (one odd process must not blind the whole scan), and counted in {@code
   * malformed} when given.
   */
  public List<ProcessStat> processStats(List<String> malformed) throws IOException {
    List<ProcessStat> out = new ArrayList<>();
    for (int pid : pids()) {
      try {
        out.add(ProcessStat.parse(BoundedFiles.read(root.resolve(pid + "/stat"), 4096)));
      } catch (NoSuchFileException e) {
        // Exited meanwhile.
      } catch (IllegalArgumentException e) {
        if (malformed != null) {
          malformed.add(pid + "/stat: " + e.getMessage());
        }
      } catch (IOException e) {
        // ESRCH and friends: the process is gone.
      }
    }
    return out;
  }

  /** Everything about one process, or empty when it has gone (or never was). */
  public Optional<ProcessInfo> process(int pid) throws IOException {
    Path dir = root.resolve(Integer.toString(pid));
    try {
      ProcessStat st = ProcessStat.parse(BoundedFiles.read(dir.resolve("stat"), 4096));
      long[] status = ProcessInfo.parseStatus(BoundedFiles.read(dir.resolve("status"), 16384));
      List<String> cmd =
          ProcessInfo.parseCmdline(BoundedFiles.readBytes(dir.resolve("cmdline"), 65536));
      return Optional.of(
          new ProcessInfo(
              pid,
              st.comm(),
              cmd,
              (int) status[0],
              st.state(),
              st.ticks(),
              status[1],
              st.startTicks()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The process table: every process with owner and command line (for process_down matching).
   * Processes that vanish or cannot be read (another user's, under hidepid) are skipped.
   */
  public List<ProcessInfo> processes() throws IOException {
    List<ProcessInfo> out = new ArrayList<>();
    for (int pid : pids()) {
      try {
        process(pid).ifPresent(out::add);
      } catch (IOException e) {
        // Gone, unreadable or malformed: one process must not fail the table.
      }
    }
    return out;
  }

  private <T> T parse(String rel, Function<String, T> parser) throws IOException {
    Path file = root.resolve(rel);
    String text = BoundedFiles.read(file);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(file + ": " + e.getMessage(), e);
    }
  }

  private static String firstLine(String text) {
    String s = text.strip();
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    if (line.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    return line;
  }
}
