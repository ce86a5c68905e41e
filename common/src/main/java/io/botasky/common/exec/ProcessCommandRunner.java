package io.botasky.common.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link CommandRunner}: {@link ProcessBuilder} (never a shell), output capped at {@code
 * maxBytes} per stream.
 *
 * <p>Capabilities: a process holding ambient capabilities (the agent with the {@code [keepalived]}
 * drop-in) would pass them on to every program it starts. Built with {@link #stripping}, this
 * runner then starts each program through {@code setpriv --inh-caps=-all --ambient-caps=-all --},
 * so {@code mfscli} and the like run with none. {@link #keeping} names the exception: the
 * keepalived probe's {@code kill} keeps {@code CAP_KILL} (Java itself can send only TERM and KILL).
 * Without ambient capabilities nothing is wrapped.
 *
 * <p>Process groups ({@link #runIsolated}): Java cannot call setsid(2) or setpgid(2) for its child,
 * so the program is started through util-linux {@code setsid --wait --}, which, its caller not
 * being a group leader (Java's children never are), calls setsid(2) and execs the program in the
 * same process: the pid Java knows is then the id of the program's process group. Killing that
 * group ({@code kill -KILL -- -PGID}, Java sends no signal to a group) takes every process the
 * program started with it, including those whose parent already died and which {@link
 * ProcessHandle#descendants} no longer finds; the descendants still reachable are killed as well,
 * for one that made a group of its own. With capabilities stripped, setsid comes first and execs
 * setpriv, which execs the program: still one process.
 */
public final class ProcessCommandRunner implements CommandRunner {
  private static final java.io.File DEV_NULL = new java.io.File("/dev/null");

  /** util-linux's setpriv, essential on Debian. */
  public static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /** util-linux's setsid, essential on Debian. */
  public static final Path SETSID = Path.of("/usr/bin/setsid");

  /** procps' kill (or util-linux's), which signals a process group given as a negative id. */
  public static final Path KILL = Path.of("/bin/kill");

  /** How long the output readers may still take once the program is gone. */
  private static final long DRAIN_MS = 1000;

  private final int maxBytes;
  private final Capabilities own;
  private final Path setpriv;
  private final String searchPath;
  private final List<String> keep;

  /**
   * A runner that passes on whatever this process has (for processes without ambient capabilities).
   */
  public ProcessCommandRunner(int maxBytes) {
    this(maxBytes, Capabilities.NONE, SETPRIV, "", List.of());
  }

  private ProcessCommandRunner(
      int maxBytes, Capabilities own, Path setpriv, String searchPath, List<String> keep) {
    this.maxBytes = maxBytes;
    this.own = own;
    this.setpriv = setpriv;
    this.searchPath = searchPath;
    this.keep = keep;
  }

  /**
   * A runner whose programs run without this process's ambient capabilities.
   *
   * @param own this process's capabilities ({@link Capabilities#read} of /proc/self/status)
   * @param setpriv the setpriv program ({@link #SETPRIV})
   * @param searchPath the {@code PATH} to look programs named without a slash up in: setpriv is
   *     given the absolute path, so a missing program is an IOException as it is without setpriv
   */
  public static ProcessCommandRunner stripping(
      int maxBytes, Capabilities own, Path setpriv, String searchPath) {
    return new ProcessCommandRunner(maxBytes, own, setpriv, searchPath, List.of());
  }

  @Override
  public CommandRunner keeping(String... capabilities) {
    List<String> kept = new ArrayList<>(keep);
    for (String c : capabilities) {
      if (Capabilities.number(c) < 0) {
        throw new IllegalArgumentException("unknown capability " + c);
      }
      if (own.hasAmbient(c)) {
        kept.add(c.toLowerCase(Locale.ROOT).replaceFirst("^cap_", ""));
      }
    }
    return new ProcessCommandRunner(maxBytes, own, setpriv, searchPath, List.copyOf(kept));
  }

  /** The command line actually started for {@code argv}: argv itself, or argv behind setpriv. */
  List<String> commandLine(List<String> argv) throws IOException {
    if (!own.passesOnAmbient()) {
      return argv;
    }
    if (!Files.isExecutable(setpriv)) {
      throw new IOException(
          "cannot start "
              + argv.get(0)
              + " without this process's capabilities ("
              + String.join(" ", Capabilities.names(own.ambient()))
              + "): "
              + setpriv
              + " not found (util-linux)");
    }
    StringBuilder raise = new StringBuilder("-all");
    keep.forEach(c -> raise.append(",+").append(c));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                setpriv.toString(),
                "--inh-caps=" + raise,
                "--ambient-caps=" + raise,
                "--",
                resolve(argv.get(0))));
    cmd.addAll(argv.subList(1, argv.size()));
    return cmd;
  }

  private String resolve(String program) throws IOException {
    return resolve(program, searchPath);
  }

  private static String resolve(String program, String searchPath) throws IOException {
    if (program.contains("/")) {
      if (Files.isExecutable(Path.of(program))) {
        return program;
      }
    } else {
      for (String dir : searchPath.split(":", -1)) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, program);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    throw new IOException("Cannot run program \"" + program + "\": not found or not executable");
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) throws IOException {
    return execute(commandLine(argv), null, false, timeout, argv.get(0), null, 0);
  }

  @Override
  public CommandResult runIsolated(
      List<String> argv, Map<String, String> environment, Duration timeout) throws IOException {
    return execute(isolated(argv, environment), environment, true, timeout, argv.get(0), null, 0);
  }

  @Override
  public CommandResult runAction(
      List<String> argv,
      Map<String, String> environment,
      Duration timeout,
      Duration grace,
      int tailBytes)
      throws IOException {
    return execute(
        isolated(argv, environment), environment, true, timeout, argv.get(0), grace, tailBytes);
  }

  /** The command line that runs {@code argv} in a session and process group of its own. */
  private List<String> isolated(List<String> argv, Map<String, String> environment)
      throws IOException {
    if (!Files.isExecutable(SETSID)) {
      throw new IOException(
          "cannot start "
              + argv.get(0)
              + " in a process group of its own: "
              + SETSID
              + " not found (util-linux)");
    }
    // The JDK would look a bare name up in the agent's PATH, not the program's: resolve it here.
    List<String> resolved = new ArrayList<>(argv);
    resolved.set(0, resolve(argv.get(0), environment.getOrDefault("PATH", "")));
    // --wait: should setsid ever have to fork (a caller that leads its group), it waits for the
    // program and exits with its status, so the exit code still reaches us.
    List<String> cmd = new ArrayList<>(List.of(SETSID.toString(), "--wait", "--"));
    cmd.addAll(commandLine(resolved));
    return cmd;
  }

  /**
   * @param grace null (a probe's program): SIGKILL at the deadline, and the group's leftovers
   *     killed whenever it ends; else (an action's): SIGTERM to the group first at the deadline,
   *     SIGKILL after it, and what it leaves running after it exited by itself is left alone
   * @param tail 0: each stream's first {@code maxBytes} kept; else stderr merged into stdout and
   *     the last {@code tail} bytes kept
   */
  private CommandResult execute(
      List<String> cmd,
      Map<String, String> environment,
      boolean group,
      Duration timeout,
      String name,
      Duration grace,
      int tail)
      throws IOException {
    // No stdin: a command that waits for input must not hang until its deadline. (Redirect.DISCARD
    // is for output only; the JDK refuses it as input.)
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    if (environment != null) {
      pb.environment().clear();
      pb.environment().putAll(environment);
    }
    pb.redirectErrorStream(tail > 0);
    Process p = pb.start();
    Capture out = new Capture(p.getInputStream(), tail > 0 ? tail : maxBytes, tail > 0);
    Capture err = new Capture(p.getErrorStream(), maxBytes, false);
    out.start();
    err.start();
    boolean finished;
    try {
      finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished && grace != null && group) {
        // A polite stop first (an init script's own cleanup), then the kill below.
        signalGroup(p.pid(), "-TERM");
        p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      kill(p, group);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + name, e);
    }
    if (!finished || (group && grace == null)) {
      // A probe's program in its own group leaves nothing behind either: what it started in the
      // background would otherwise pile up round after round and hold its output open. Not an
      // action's (grace set) that ended by itself: starting a daemon is what actions are for, and
      // a classic one (redis-server --daemonize yes, start-stop-daemon --background) forks and
      // leaves the group with setsid only after its parent exited, so a kill now would race it
      // (docs/agent.md, "Controlled actions"). Its output is still drained for at most DRAIN_MS.
      kill(p, group);
    }
    long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
    out.await(drainUntil);
    err.await(drainUntil);
    if (out.isAlive() || err.isAlive()) {
      // Something outside our reach (a daemon of its own session) holds the output open: stop
      // reading. Only now, since Process.destroy closes the streams and what was not yet read
      // would be lost.
      p.destroyForcibly();
    }
    return new CommandResult(
        finished ? p.exitValue() : -1,
        out.text(),
        err.text(),
        !finished,
        out.truncated || err.truncated);
  }

  /** Kills {@code p} and what it started: its whole process group when it has one of its own. */
  private static void kill(Process p, boolean group) {
    // Taken before anything dies: an orphan is re-parented and no longer a descendant. Once the
    // program has exited there are none left to find (and the scan reads all of /proc).
    List<ProcessHandle> descendants = p.isAlive() ? p.descendants().toList() : List.of();
    if (group) {
      killGroup(p.pid());
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    // The handle, not the Process: Process.destroy also closes the output streams, and what the
    // program printed before it died would be lost to the readers.
    p.toHandle().destroyForcibly();
  }

  /**
   * SIGKILL to process group {@code pgid}, through kill(1) since Java signals single processes
   * only. The id stays reserved while any member lives, so this reaches only our program's group;
   * "no such process" (nothing left) is the common answer and is ignored.
   */
  private static void killGroup(long pgid) {
    signalGroup(pgid, "-KILL");
  }

  /** {@code signal} ({@code -KILL}, {@code -TERM}) to process group {@code pgid}. */
  private static void signalGroup(long pgid, String signal) {
    try {
      Process k =
          new ProcessBuilder(KILL.toString(), signal, "--", "-" + pgid)
              .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!k.waitFor(DRAIN_MS, TimeUnit.MILLISECONDS)) {
        k.destroyForcibly();
      }
    } catch (IOException e) {
      // No kill(1): the descendants still reachable are killed one by one by the caller.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Drains one stream so the child never blocks on a full pipe, keeping at most the limit: the
   * first bytes, or with {@code keepTail} the last ones (a ring of {@code limit} bytes).
   */
  private static final class Capture extends Thread {
    private final InputStream in;
    private final int limit;
    private final boolean keepTail;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private byte[] ring;
    private long total;
    private volatile boolean truncated;

    Capture(InputStream in, int limit, boolean keepTail) {
      super("command-capture");
      setDaemon(true);
      this.in = in;
      this.limit = limit;
      this.keepTail = keepTail;
    }

    @Override
    public void run() {
      // Past the limit the stream is still read to its end and thrown away: a program printing
      // 100 MB is never blocked on a full pipe, and never held in memory.
      byte[] chunk = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(chunk)) > 0) {
          if (keepTail) {
            keepLast(chunk, n);
            continue;
          }
          int keep = Math.min(n, limit - buf.size());
          if (keep > 0) {
            buf.write(chunk, 0, keep);
          }
          if (keep < n) {
            truncated = true;
          }
        }
      } catch (IOException e) {
        // The child closed its end or was killed; what was read so far is the result.
      }
    }

    private synchronized void keepLast(byte[] chunk, int n) {
      if (ring == null) {
        ring = new byte[limit];
      }
      for (int i = 0; i < n; i++) {
        ring[(int) ((total + i) % limit)] = chunk[i];
      }
      total += n;
      truncated = total > limit;
    }

    /** Waits for the end of the stream until {@code deadline} (System.nanoTime), no longer. */
    void await(long deadline) {
      try {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        join(Math.max(1, ms));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized String text() {
      if (keepTail) {
        if (ring == null) {
          return "";
        }
        int size = (int) Math.min(total, limit);
        byte[] out = new byte[size];
        long start = total - size;
        for (int i = 0; i < size; i++) {
          out[i] = ring[(int) ((start + i) % limit)];
        }
        return new String(out, StandardCharsets.UTF_8);
      }
      return buf.toString(StandardCharsets.UTF_8);
    }
  }
}
