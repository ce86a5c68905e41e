package io.botasky.common.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real daemon ({@code pihealthd}, {@code boird}, {@code boagent}) started through this checkout's
 * {@code bin/} launcher, as an operator runs it: the one way every integration test starts a daemon
 * (docs/developing.md, "Integration tests"). The launchers need the modules packaged, which
 * failsafe's integration-test phase guarantees.
 */
public final class Daemon implements AutoCloseable {
  private final Process process;
  private final Path output;

  private Daemon(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** The repository root: the working directory of a module's tests, or its parent. */
  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    return Files.exists(p.resolve("bin/pihealthd")) ? p : p.getParent();
  }

  /** {@code bin/NAME} of this checkout. */
  public static Path launcher(String name) {
    return repoRoot().resolve("bin").resolve(name);
  }

  /** Starts {@code bin/launcher args}, its output appended to {@code output}. */
  public static Daemon start(Path output, String launcher, String... args) throws IOException {
    return start(output, Map.of(), launcher, args);
  }

  /** Likewise, with {@code env} added to the inherited environment. */
  public static Daemon start(Path output, Map<String, String> env, String launcher, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher(launcher).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    pb.environment().putAll(env);
    return new Daemon(pb.start(), output);
  }

  /** A TCP port free on loopback right now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** True when a collector on {@code port} answers {@code GET /readyz} with 200. */
  public static boolean ready(int port) {
    try {
      HttpResponse<Void> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** What the daemon printed so far (stdout and stderr). */
  public String output() throws IOException {
    return Files.readString(output);
  }

  /** SIGTERM, then its exit code, waiting at most {@code max} (then SIGKILL and -1). */
  public int terminate(Duration max) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      return -1;
    }
    return process.exitValue();
  }

  /**
   * SIGHUP, as {@code systemctl reload} sends it (docs/operations.md, "Reload"); the launchers exec
   * the JVM, so this pid is the daemon itself.
   */
  public void hangup() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -HUP " + process.pid() + " failed");
    }
  }

  /** SIGKILL: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
