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
 */
public final class ProcessCommandRunner implements CommandRunner {
  private static final java.io.File DEV_NULL = new java.io.File("/dev/null");

  /** util-linux's setpriv, essential on Debian. */
  public static final Path SETPRIV = Path.of("/usr/bin/setpriv");

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
    if (program.contains("/")) {
      if (Files.isExecutable(Path.of(program))) {
        return program;
      }
    } else {
      for (String dir : searchPath.split(":")) {
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
    // No stdin: a command that waits for input must not hang until its deadline. (Redirect.DISCARD
    // is for output only; the JDK refuses it as input.)
    Process p =
        new ProcessBuilder(commandLine(argv))
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
            .start();
    Capture out = new Capture(p.getInputStream(), maxBytes);
    Capture err = new Capture(p.getErrorStream(), maxBytes);
    out.start();
    err.start();
    boolean finished;
    try {
      finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + argv.get(0), e);
    }
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    out.await(1000);
    err.await(1000);
    return new CommandResult(
        finished ? p.exitValue() : -1,
        out.text(),
        err.text(),
        !finished,
        out.truncated || err.truncated);
  }

  /** Drains one stream so the child never blocks on a full pipe, keeping at most the limit. */
  private static final class Capture extends Thread {
    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private volatile boolean truncated;

    Capture(InputStream in, int limit) {
      super("command-capture");
      setDaemon(true);
      this.in = in;
      this.limit = limit;
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(chunk)) > 0) {
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

    void await(long ms) {
      try {
        join(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized String text() {
      return buf.toString(StandardCharsets.UTF_8);
    }
  }
}
