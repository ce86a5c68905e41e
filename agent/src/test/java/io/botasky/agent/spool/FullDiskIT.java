package io.botasky.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.RecordingSink;
import io.botasky.agent.wire.Batch;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool on a really full disk: a 256 KiB tmpfs filled to the last byte (ENOSPC, with writes
 * that land half-way), not a simulated refusal. Data and events are held in memory, the agent's own
 * alert fires, the data file never holds a torn line, and once space is freed everything reaches
 * the disk and the collector in order. Mounting needs root (CI runs as root); skipped otherwise.
 */
class FullDiskIT {
  @TempDir Path tmp;
  private Path mnt;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

  @BeforeEach
  void mount() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    mnt = Files.createDirectories(tmp.resolve("mnt"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=256k", "botasky-full", mnt.toString()) == 0,
        "cannot mount a tmpfs here");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mnt != null) {
      run("umount", mnt.toString());
    }
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  /** Fills the filesystem to the last byte. */
  private Path fill() throws IOException {
    Path filler = mnt.resolve("filler");
    byte[] block = new byte[4096];
    try (FileOutputStream out = new FileOutputStream(filler.toFile())) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      assertThat(full.getMessage()).contains("No space left");
    }
    try (FileOutputStream out = new FileOutputStream(filler.toFile(), true)) {
      // Byte by byte: not even a partial block is left.
      while (true) {
        out.write(0);
      }
    } catch (IOException full) {
      // Full.
    }
    return filler;
  }

  private List<Sample> round(int n) {
    clock.tick(Duration.ofSeconds(5));
    List<Sample> l = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      l.add(
          new Sample(
              "disk.free_bytes",
              clock.millis(),
              n,
              Map.of("probe", "system/disk", "mount", "/m" + i)));
    }
    return l;
  }

  @Test
  void aFullDiskHoldsEverythingInMemoryRaisesTheAlertAndLosesNothingOnceFreed() throws Exception {
    Spool spool =
        Spool.open(
            new SpoolSettings(
                mnt.resolve("data"), mnt.resolve("backup"), 30 << 20, 1, 512L << 20, 4 << 20),
            clock,
            new WireCodec(),
            UUID::randomUUID);
    try (spool) {
      SpoolProbe probe = new SpoolProbe(spool, 512L << 20);
      spool.addRound(round(0));
      Path filler = fill();
      for (int n = 1; n <= 30; n++) {
        spool.addRound(round(n));
      }
      AlertEvent event =
          new AlertEvent(
              UUID.randomUUID().toString(),
              "system",
              "",
              "cpu_temp",
              AlertState.FIRING,
              Severity.WARNING,
              85.0,
              70.0,
              "CPU temperature 85.0 °C",
              Map.of(),
              clock.instant());
      spool.addEvents(List.of(event));

      SpoolStats st = spool.stats();
      assertThat(st.memoryOnly()).isTrue();
      assertThat(st.writeError()).contains("No space left");
      RecordingSink sink = new RecordingSink(clock);
      probe.run(sink);
      CheckOutcome alert =
          sink.outcomes().stream()
              .filter(o -> o.check().equals("spool_write_failed"))
              .findFirst()
              .orElseThrow();
      assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
      long before = Files.size(mnt.resolve("data/current.data"));
      // One page free: the held batches (some 60 KB) start to land, then ENOSPC half-way.
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(filler.toFile(), "rw")) {
        f.setLength(Math.max(0, f.length() - 4096));
      }
      spool.addRound(round(31));
      assertThat(spool.stats().memoryOnly()).as("still short of space").isTrue();
      assertThat(Files.size(mnt.resolve("data/current.data")))
          .as("the half-written append was cut back")
          .isEqualTo(before);
      for (String line :
          Files.readAllLines(mnt.resolve("data/current.data"), StandardCharsets.UTF_8)) {
        assertThat(DataLines.looksComplete(line))
            .as("no torn line on the full disk: %s", line)
            .isTrue();
      }

      Files.delete(filler);
      spool.addRound(round(32));
      assertThat(spool.stats().memoryOnly()).isFalse();
      assertThat(spool.stats().writeError()).isNull();
      RecordingSink after = new RecordingSink(clock);
      probe.run(after);
      assertThat(
              after.outcomes().stream()
                  .filter(o -> o.check().equals("spool_write_failed"))
                  .findFirst()
                  .orElseThrow()
                  .ok())
          .isTrue();
      assertThat(Files.readString(mnt.resolve("data/events.jsonl"), StandardCharsets.UTF_8))
          .as("the event reached the journal")
          .contains(event.eventId());
    }

    // Everything is on disk now: a restarted agent delivers every round once, in order.
    try (Spool again =
        Spool.open(
            new SpoolSettings(
                mnt.resolve("data"), mnt.resolve("backup"), 30 << 20, 1, 512L << 20, 4 << 20),
            clock,
            new WireCodec(),
            UUID::randomUUID)) {
      List<Double> values = new ArrayList<>();
      for (Optional<Batch> b = again.nextBatch(); b.isPresent(); b = again.nextBatch()) {
        values.add(b.get().samples().get(0).value());
        again.delivered(b.get());
      }
      assertThat(values)
          .as("one value per round, 0..32 in order")
          .containsExactlyElementsOf(
              java.util.stream.IntStream.rangeClosed(0, 32).mapToObj(i -> (double) i).toList());
      assertThat(again.pendingEvents(10)).hasSize(1);
    }
  }
}
