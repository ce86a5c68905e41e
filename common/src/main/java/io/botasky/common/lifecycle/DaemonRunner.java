package io.botasky.common.lifecycle;

import io.botasky.common.log.LogSetup;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Service} until SIGTERM or SIGINT. The JVM reports a signal death as exit 143;
 * operators and systemd expect 0 from a clean stop, so after an orderly stop the hook halts with 0.
 * A stop that overruns its budget is cut short: the contract promises exit within 10 s. A {@link
 * Reloadable} service also gets SIGHUP ({@code systemctl reload}, docs/operations.md "Reload").
 */
public final class DaemonRunner {
  private static final Logger log = LoggerFactory.getLogger("lifecycle");

  private DaemonRunner() {}

  /** Starts {@code service}, installs the stop hook and blocks until the process ends. */
  public static void runUntilSignalled(String name, Service service, Duration stopBudget)
      throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    // Installed before the start: the JVM's own SIGHUP action is to exit, and systemd may send a
    // reload while the daemon starts. A reload asked then waits for the start to finish.
    CountDownLatch started = new CountDownLatch(1);
    onHangup(
        name,
        service instanceof Reloadable r
            ? r
            : () -> log.warn("reload: {} cannot reload, restart it to apply a change", name),
        started);
    service.start();
    started.countDown();
    Thread hook =
        new Thread(
            () -> {
              log.info("stop: {} received a stop signal, shutting down", name);
              Thread worker = new Thread(service::stop, name + "-stop");
              worker.start();
              try {
                worker.join(stopBudget.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              int code = 0;
              if (worker.isAlive()) {
                log.error(
                    "stop: {} did not stop within {} s, exiting anyway",
                    name,
                    stopBudget.toSeconds());
                code = 1;
              } else {
                log.info("stop: {} stopped cleanly", name);
              }
              stopped.countDown();
              LogSetup.stop();
              Runtime.getRuntime().halt(code);
            },
            name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    while (!stopped.await(1, TimeUnit.HOURS)) {
      // Sleeps until the hook runs; the main thread holds nothing.
    }
  }

  /**
   * SIGHUP runs {@code r.reload()} on one thread of its own: the JVM starts a new thread per
   * signal, so two quick reloads would otherwise read and swap the configuration concurrently.
   * {@code sun.misc.Signal} is reached by reflection: javac's warning on it cannot be suppressed,
   * and the build treats warnings as errors.
   */
  static void onHangup(String name, Reloadable r, CountDownLatch started)
      throws ReflectiveOperationException {
    ExecutorService reloads =
        Executors.newSingleThreadExecutor(new NamedThreadFactory(name + "-reload", true));
    Runnable onSignal =
        () -> {
          log.info("reload: {} received SIGHUP", name);
          reloads.execute(
              () -> {
                try {
                  started.await();
                  r.reload();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  // A bug in a reload must not end the reload thread: the next SIGHUP still works.
                  log.error("reload: failed", e);
                }
              });
        };
    Class<?> signal = Class.forName("sun.misc.Signal");
    Class<?> handler = Class.forName("sun.misc.SignalHandler");
    Object proxy =
        Proxy.newProxyInstance(
            DaemonRunner.class.getClassLoader(),
            new Class<?>[] {handler},
            (self, method, args) -> {
              switch (method.getName()) {
                case "handle" -> onSignal.run();
                case "hashCode" -> {
                  return System.identityHashCode(self);
                }
                case "equals" -> {
                  return self == args[0];
                }
                case "toString" -> {
                  return name + "-hangup";
                }
                default -> {}
              }
              return null;
            });
    Object previous =
        signal
            .getMethod("handle", signal, handler)
            .invoke(null, signal.getConstructor(String.class).newInstance("HUP"), proxy);
    // A process started with SIGHUP ignored (nohup) keeps it ignored: the JVM installs no handler
    // and says so only through the previous one it returns. systemd never starts a unit that way.
    if (previous == handler.getField("SIG_IGN").get(null)) {
      log.warn(
          "reload: SIGHUP is ignored in this process (started under nohup?): reload is not"
              + " available, restart {} to apply a change",
          name);
    }
  }
}
