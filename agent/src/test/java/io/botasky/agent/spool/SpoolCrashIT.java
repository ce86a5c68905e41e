package io.botasky.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.wire.Batch;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.Sample;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in a loop while a real process writes the spool: every restart must open it, and in the
 * end every value the writer reported durable and every event it stored must be there, each batch
 * once (by batch id, as the collector stores it) and in order.
 */
class SpoolCrashIT {
  @TempDir Path dir;

  @Test
  void killNineInALoopLosesNothingThatWasFlushedAndLeavesReadableFiles() throws Exception {
    Random random = new Random(42);
    String cp =
        io.botasky.agent.testkit.ChildClasspath.of(
            Files.createDirectories(dir.resolve("cp")),
            SpoolWriterMain.class,
            Spool.class,
            io.botasky.common.wire.Sample.class,
            com.fasterxml.jackson.core.JsonFactory.class,
            com.fasterxml.jackson.annotation.JsonInclude.class,
            org.slf4j.Logger.class);
    Set<Long> durable = new ConcurrentSkipListSet<>();
    Set<Long> events = new ConcurrentSkipListSet<>();
    for (int run = 0; run < 12; run++) {
      long base = run * 1_000_000L;
      List<String> other = new java.util.concurrent.CopyOnWriteArrayList<>();
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx32m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  cp,
                  SpoolWriterMain.class.getName(),
                  dir.toString(),
                  Long.toString(base))
              .redirectErrorStream(true)
              .start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("durable ")) {
                      durable.add(Long.parseLong(line.substring(8)));
                    } else if (line.startsWith("event ")) {
                      events.add(Long.parseLong(line.substring(6)));
                    } else if (!line.contains("compressed into")) {
                      other.add(line);
                    }
                  }
                } catch (java.io.IOException e) {
                  // The process was killed.
                }
              });
      reader.start();
      long target = base + 20 + random.nextInt(400);
      await()
          .atMost(Duration.ofSeconds(60))
          .alias("writer output: " + other)
          .until(() -> !p.isAlive() || durable.stream().anyMatch(v -> v >= target));
      assertThat(p.isAlive()).as("writer of run %d died: %s", run, other).isTrue();
      if (run == 0) {
        // The lock is held across processes: a second agent on this spool is refused.
        org.assertj.core.api.Assertions.assertThatThrownBy(this::open)
            .isInstanceOf(SpoolLockedException.class);
      }
      p.destroyForcibly();
      p.waitFor();
      reader.join(5000);
      // Every restart must find a spool it can open: open, look, close (as the next agent would).
      try (Spool s = open()) {
        assertThat(s.stats().pendingEvents()).isPositive();
      }
    }
    List<Long> seen = new ArrayList<>();
    Set<String> batchIds = new HashSet<>();
    try (Spool s = open()) {
      for (Optional<Batch> b = s.nextBatch(); b.isPresent(); b = s.nextBatch()) {
        if (batchIds.add(b.get().batchId())) {
          b.get().samples().stream()
              .filter(x -> x.metric().equals("t.value"))
              .map(Sample::ts)
              .forEach(seen::add);
        }
        s.delivered(b.get());
      }
      List<Long> stored =
          s.pendingEvents(100_000).stream().map(AlertEvent::instance).map(Long::parseLong).toList();
      assertThat(stored)
          .as("every stored event survives")
          .containsAll(events)
          .doesNotHaveDuplicates();
    }
    assertThat(seen).as("each sample once, in order").isSorted().doesNotHaveDuplicates();
    assertThat(seen).as("everything reported durable is there").containsAll(durable);
  }

  private Spool open() throws java.io.IOException {
    return Spool.open(
        new SpoolSettings(dir.resolve("data"), dir.resolve("backup"), 2048, 1, 64L << 20, 1 << 20),
        Clock.systemUTC(),
        new WireCodec(),
        UUID::randomUUID);
  }
}
