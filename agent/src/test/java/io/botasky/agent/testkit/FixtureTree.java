package io.botasky.agent.testkit;

import io.botasky.agent.AgentWiring;
import io.botasky.agent.HostEnv;
import io.botasky.agent.linux.EtcFs;
import io.botasky.agent.linux.FsSpace;
import io.botasky.agent.linux.FsStats;
import io.botasky.agent.linux.ProcFs;
import io.botasky.agent.linux.SysFs;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.system.Sleeper;
import io.botasky.agent.probe.system.SystemSources;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A copy of one fixture scenario ({@code src/test/resources/fixtures/<name>}) in a temp dir, with a
 * clock and a sleeper that, on its N-th call, moves the clock and puts every {@code X.stepN} in
 * place of {@code X}: the second reading of /proc/stat or of a process then differs from the first,
 * as on a live host.
 */
public final class FixtureTree {
  /** 2025-11-21T04:40:00Z, the fixtures' "now". */
  public static final Instant T0 = Instant.ofEpochSecond(1763700000);

  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private final Path root;
  private final MutableClock clock = new MutableClock(T0, ZONE);
  private final AtomicInteger step = new AtomicInteger();

  private FixtureTree(Path root) {
    this.root = root;
  }

  /** Copies scenario {@code name} under {@code tmp}. */
  public static FixtureTree copy(String name, Path tmp) throws IOException {
    Path src;
    try {
      src = Path.of(FixtureTree.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IOException("no fixture scenario " + name, e);
    }
    Path dst = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return new FixtureTree(dst);
  }

  public Path root() {
    return root;
  }

  public MutableClock clock() {
    return clock;
  }

  /** Moves the clock by the wait and applies the next step's files. */
  public Sleeper sleeper() {
    return d -> {
      clock.tick(d);
      applyStep(step.incrementAndGet());
    };
  }

  private void applyStep(int n) {
    String suffix = ".step" + n;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
        String name = p.getFileName().toString();
        Files.copy(
            p,
            p.resolveSibling(name.substring(0, name.length() - suffix.length())),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** statvfs answers from {@code statfs.txt}: {@code mount total free available} per line. */
  public FsStats fsStats() {
    return mount -> {
      Map<String, FsSpace> table = new HashMap<>();
      for (String line : Files.readAllLines(root.resolve("statfs.txt"))) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.strip().split("\\s+");
        int n = f.length;
        String m = String.join(" ", List.of(f).subList(0, n - 3));
        table.put(
            m,
            new FsSpace(
                Long.parseLong(f[n - 3]), Long.parseLong(f[n - 2]), Long.parseLong(f[n - 1])));
      }
      FsSpace s = table.get(mount);
      if (s == null) {
        throw new NoSuchFileException(mount);
      }
      return s;
    };
  }

  public HostEnv hostEnv() {
    return new HostEnv(
        clock,
        root.resolve("home"),
        root.resolve("proc"),
        root.resolve("sys"),
        root.resolve("etc"),
        root.resolve("run"),
        root.resolve("log"));
  }

  public ProbeEnv probeEnv(CommandRunner commands) {
    HostEnv h = hostEnv();
    return new ProbeEnv(
        clock, h.procRoot(), h.sysRoot(), h.etcRoot(), h.runRoot(), h.logRoot(), commands);
  }

  public SystemSources sources() {
    HostEnv h = hostEnv();
    return new SystemSources(
        new ProcFs(h.procRoot()),
        new SysFs(h.sysRoot()),
        new EtcFs(h.etcRoot(), h.runRoot(), h.logRoot()),
        fsStats(),
        clock,
        sleeper());
  }

  /** The agent's wiring on this tree; external commands are refused. */
  public AgentWiring wiring() {
    return new AgentWiring(
        hostEnv(),
        (argv, timeout) -> {
          throw new IOException("no commands in fixture tests: " + argv);
        },
        fsStats(),
        sleeper());
  }
}
