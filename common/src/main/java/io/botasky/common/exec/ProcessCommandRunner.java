package io.botasky.common.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@link CommandRunner}: {@link ProcessBuilder}, output capped at {@code maxBytes} per stream. */
public final class ProcessCommandRunner implements CommandRunner {
  private static final java.io.File DEV_NULL = new java.io.File("/dev/null");
  private final int maxBytes;

  public ProcessCommandRunner(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) throws IOException {
    // No stdin: a command that waits for input must not hang until its deadline. (Redirect.DISCARD
    // is for output only; the JDK refuses it as input.)
    Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL)).start();
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
    return new CommandResult(finished ? p.exitValue() : -1, out.text(), err.text(), !finished, out.truncated || err.truncated);
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
