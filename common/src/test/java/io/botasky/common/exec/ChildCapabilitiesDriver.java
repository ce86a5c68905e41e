package io.botasky.common.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Run by {@link ChildCapabilitiesIT} in a JVM started with ambient capabilities: prints its own
 * capability sets and those of a child ({@code cat /proc/self/status}) started by a plain runner, a
 * stripping runner and a stripping runner keeping CAP_KILL, one line each: {@code NAME CapPrm
 * CapEff CapAmb}.
 */
public final class ChildCapabilitiesDriver {
  private ChildCapabilitiesDriver() {}

  public static void main(String[] args) throws Exception {
    Path status = Path.of("/proc/self/status");
    Capabilities own = Capabilities.read(status);
    print("self", own);
    ProcessCommandRunner stripping =
        ProcessCommandRunner.stripping(
            64 * 1024, own, ProcessCommandRunner.SETPRIV, System.getenv("PATH"));
    print("plain", child(new ProcessCommandRunner(64 * 1024)));
    print("stripped", child(stripping));
    print("kept", child(stripping.keeping("CAP_KILL")));
  }

  private static Capabilities child(CommandRunner runner) throws Exception {
    CommandResult r = runner.run(List.of("cat", "/proc/self/status"), Duration.ofSeconds(10));
    if (!r.ok()) {
      throw new IllegalStateException("cat exited " + r.exitCode() + ": " + r.stderr());
    }
    return Capabilities.parse(r.stdout());
  }

  private static void print(String name, Capabilities c) {
    System.out.printf("%s %x %x %x%n", name, c.permitted(), c.effective(), c.ambient());
  }
}
