package io.botasky.agent.probe.process;

import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test {@link CommandRunner}: common's ProcessCommandRunner currently calls
 * {@code redirectInput(Redirect.DISCARD)}, which the JDK rejects ("Redirect invalid for reading"),
 * so every command through it throws. Until common is fixed the probe tests run real commands
 * through this one (stdin from /dev/null, same deadline semantics).
 */
public final class StdinSafeCommandRunner implements CommandRunner {
  @Override
  public CommandResult run(List<String> argv, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p, false));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p, true));
    boolean finished;
    try {
      finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (!finished) {
      p.destroyForcibly();
    }
    return new CommandResult(finished ? p.exitValue() : -1, text(out), text(err), !finished, false);
  }

  private static byte[] drain(Process p, boolean err) {
    try {
      return (err ? p.getErrorStream() : p.getInputStream()).readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String text(CompletableFuture<byte[]> f) {
    try {
      return new String(f.get(2, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (Exception e) {
      return "";
    }
  }
}
