package io.botasky.common.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Drives one of the project's {@code scripts/services/*.sh} from a test: the same scripts CI runs,
 * so a test starts (idempotently) exactly the service it needs and injects faults through them.
 * When a service cannot be started the test fails under CI (CI=true) and is skipped, with the
 * script's own explanation, elsewhere.
 */
public final class ServiceScript {
  private final Path script;

  public ServiceScript(String name) {
    this.script = servicesDir().resolve(name + ".sh");
  }

  /** {@code scripts/services} of this checkout, found upwards from the working directory. */
  public static Path servicesDir() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null) {
      Path candidate = d.resolve("scripts").resolve("services");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      d = d.getParent();
    }
    throw new IllegalStateException(
        "scripts/services not found above " + Path.of("").toAbsolutePath());
  }

  /**
   * Waits (at most 15 minutes) until no other test run on this machine uses the service, and holds
   * it until closed. The instances are machine-wide (fixed ports, namespaces): two builds running
   * fault tests at once would break each other's services. A test class holds this from its
   * {@code @BeforeAll} to its {@code @AfterAll}.
   */
  public AutoCloseable exclusive() {
    String base = System.getenv().getOrDefault("BOTASKY_SVC_DIR", "/var/tmp/botasky-svc");
    Path lockFile = Path.of(base).resolve(script.getFileName().toString().replace(".sh", ".lock"));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(15);
    try {
      Files.createDirectories(lockFile.getParent());
      java.nio.channels.FileChannel ch =
          java.nio.channels.FileChannel.open(
              lockFile,
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.WRITE);
      while (true) {
        java.nio.channels.FileLock lock = ch.tryLock();
        if (lock != null) {
          return () -> {
            lock.release();
            ch.close();
          };
        }
        if (System.nanoTime() > deadline) {
          ch.close();
          fail("another test run has held " + lockFile + " for 15 minutes");
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock " + lockFile, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + lockFile, e);
    }
  }

  /** Starts or repairs the service; fails in CI and skips elsewhere when it cannot. */
  public void start() {
    Result r = exec(List.of("start"), 240);
    if (r.code != 0) {
      String why = script.getFileName() + " start failed (exit " + r.code + "):\n" + r.output;
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort("service not available outside CI: " + why);
    }
  }

  /** Runs a sub-command that must succeed and returns its standard output and error. */
  public String run(String... args) {
    Result r = exec(List.of(args), 120);
    if (r.code != 0) {
      fail(
          script.getFileName()
              + " "
              + String.join(" ", args)
              + " failed (exit "
              + r.code
              + "):\n"
              + r.output);
    }
    return r.output;
  }

  public int pid(String component) {
    return Integer.parseInt(run("pid", component).strip());
  }

  /** Sends {@code signal} (TERM, KILL, STOP, CONT) to a component, as an operator's kill would. */
  public void signal(String component, String signal) {
    int pid = pid(component);
    Result r = exec(List.of(), 10, "kill", "-s", signal, Integer.toString(pid));
    if (r.code != 0) {
      fail("kill -s " + signal + " " + pid + " failed: " + r.output);
    }
  }

  private record Result(int code, String output) {}

  private Result exec(List<String> args, int timeoutSeconds, String... command) {
    List<String> argv = new ArrayList<>();
    if (command.length > 0) {
      argv.addAll(List.of(command));
    } else {
      argv.add("bash");
      argv.add(script.toString());
      argv.addAll(args);
    }
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      // Read while waiting: a chatty script must not block on a full pipe.
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", argv) + " did not finish within " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + argv, e);
    }
  }
}
