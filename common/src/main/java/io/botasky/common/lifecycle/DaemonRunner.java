package io.botasky.common.lifecycle;

import io.botasky.common.log.LogSetup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Service} until SIGTERM or SIGINT. The JVM reports a signal death as exit 143;
 * operators and systemd expect 0 from a clean stop, so after an orderly stop the hook halts with 0.
 * A stop that overruns its budget is cut short: the contract promises exit within 10 s.
 */
public final class DaemonRunner {
  private static final Logger log = LoggerFactory.getLogger("lifecycle");

  private DaemonRunner() {}

  /** Starts {@code service}, installs the stop hook and blocks until the process ends. */
  public static void runUntilSignalled(String name, Service service, Duration stopBudget)
      throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    service.start();
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
}
