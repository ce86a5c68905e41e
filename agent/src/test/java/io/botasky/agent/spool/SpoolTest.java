package io.botasky.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.agent.wire.Batch;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final List<Spool> open = new ArrayList<>();
  private long seq;

  @AfterEach
  void close() {
    open.forEach(Spool::close);
  }

  private Spool spool(long fileMax, int flushEvery, long spoolMax) throws IOException {
    Spool s =
        Spool.open(
            new SpoolSettings(
                dir.resolve("data"),
                dir.resolve("backup"),
                fileMax,
                flushEvery,
                spoolMax,
                64 * 1024),
            clock,
            new WireCodec(),
            UUID::randomUUID);
    open.add(s);
    return s;
  }

  /** One probe round of 3 samples whose values count up, so order can be checked. */
  private List<Sample> round() {
    clock.tick(Duration.ofSeconds(5));
    List<Sample> l = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      l.add(new Sample("cpu.usage", clock.millis(), seq++, Map.of("probe", "system/cpu")));
    }
    return l;
  }

  private static AlertEvent event(String instance) {
    return new AlertEvent(
        UUID.randomUUID().toString(),
        "process",
        instance,
        "process_down",
        AlertState.FIRING,
        Severity.CRITICAL,
        null,
        null,
        instance + " gone",
        Map.of(),
        Instant.parse("2026-11-21T10:00:00Z"));
  }

  /**
   * Takes every batch the spool offers, acknowledging each, and returns the sample values in order.
   */
  private static List<Double> drain(Spool s) {
    List<Double> values = new ArrayList<>();
    for (Optional<Batch> b = s.nextBatch(); b.isPresent(); b = s.nextBatch()) {
      b.get().samples().forEach(x -> values.add(x.value()));
      s.delivered(b.get());
    }
    return values;
  }

  private List<Path> backups() throws IOException {
    try (Stream<Path> st = Files.list(dir.resolve("backup"))) {
      return st.sorted().toList();
    }
  }

  @Test
  void writesEveryFlushEveryRoundsAndKeepsNothingDelivered() throws IOException {
    Spool s = spool(30 << 20, 10, 512L << 20);
    for (int i = 0; i < 9; i++) {
      assertThat(s.addRound(round())).isFalse();
    }
    Path data = dir.resolve("data/current.data");
    assertThat(data).doesNotExist();
    assertThat(s.addRound(round())).isTrue();
    assertThat(Files.readAllLines(data)).hasSize(1);
    assertThat(drain(s)).hasSize(30).isSorted();
    assertThat(Files.size(data)).as("nothing delivered is kept").isZero();
    assertThat(s.stats().backlogEmpty()).isTrue();
  }

  @Test
  void fullDataFilesAreCompressedIntoTimeSortedBackupsSentOldestFirst() throws IOException {
    Spool s = spool(2048, 2, 1 << 20);
    for (int i = 0; i < 60; i++) {
      s.addRound(round());
    }
    List<Path> b = backups();
    assertThat(b).hasSizeGreaterThan(2);
    assertThat(b)
        .allSatisfy(
            p -> assertThat(p.getFileName().toString()).matches(BackupNames.NAME.pattern()));
    assertThat(b.stream().map(p -> p.getFileName().toString()).toList()).isSorted();
    List<Double> values = drain(s);
    assertThat(values)
        .as("every sample once, in order")
        .hasSize(180)
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(backups()).as("deleted once delivered").isEmpty();
  }

  @Test
  void aBackupIsDeletedOnlyAfterItsLastBatchWasAccepted() throws IOException {
    Spool s = spool(2048, 2, 1 << 20);
    while (backups().isEmpty()) {
      s.addRound(round());
    }
    Path first = backups().get(0);
    Batch b = s.nextBatch().orElseThrow();
    assertThat(s.nextBatch()).as("the same batch until answered").contains(b);
    s.delivered(b);
    assertThat(first).exists();
    drain(s);
    assertThat(first).doesNotExist();
  }

  @Test
  void anUnansweredBatchIsOfferedAgainAfterARestartUnderTheSameId() throws IOException {
    Spool s = spool(30 << 20, 1, 512L << 20);
    s.addRound(round());
    Batch b = s.nextBatch().orElseThrow();
    s.close();
    Spool again = spool(30 << 20, 1, 512L << 20);
    assertThat(again.nextBatch()).get().extracting(Batch::batchId).isEqualTo(b.batchId());
  }

  @Test
  void pastSpoolMaxTheOldestMetricsGoAndAreCountedButAlertsStay() throws IOException {
    Spool s = spool(2048, 2, 4096);
    s.addEvents(List.of(event("sshd")));
    for (int i = 0; i < 100; i++) {
      s.addRound(round());
    }
    SpoolStats st = s.stats();
    assertThat(st.droppedSamples()).isPositive();
    assertThat(st.droppedBatches()).isPositive();
    assertThat(st.pendingEvents()).isEqualTo(1);
    List<Double> values = drain(s);
    assertThat(values).isSorted().doesNotHaveDuplicates();
    assertThat(values.get(values.size() - 1)).as("the newest data is kept").isEqualTo(299.0);
    assertThat((long) values.size() + st.droppedSamples())
        .as("dropped + delivered = written")
        .isEqualTo(300);
    assertThat(s.pendingEvents(10)).extracting(AlertEvent::instance).containsExactly("sshd");
  }

  @Test
  void eventsSurviveARestartAndAreForgottenOnceDelivered() throws IOException {
    Spool s = spool(30 << 20, 10, 512L << 20);
    AlertEvent a = event("a");
    AlertEvent b = event("b");
    s.addEvents(List.of(a, b, a));
    s.close();
    Spool again = spool(30 << 20, 10, 512L << 20);
    assertThat(again.pendingEvents(10)).containsExactly(a, b);
    again.eventsDelivered(List.of(a));
    again.close();
    assertThat(spool(30 << 20, 10, 512L << 20).pendingEvents(10)).containsExactly(b);
  }

  @Test
  void aTornLastLineFromACrashIsCutAndSetAside() throws IOException {
    Spool s = spool(30 << 20, 1, 512L << 20);
    s.addRound(round());
    s.addRound(round());
    s.addEvents(List.of(event("x")));
    s.close();
    Files.writeString(
        dir.resolve("data/current.data"),
        "{\"batch_id\":\"torn\",\"samples\":[{\"met",
        StandardOpenOption.APPEND);
    Files.writeString(
        dir.resolve("data/events.jsonl"), "{\"event_id\":\"half", StandardOpenOption.APPEND);
    Files.write(dir.resolve("backup/incoming-x.tmp"), new byte[] {1, 2, 3});
    Spool again = spool(30 << 20, 1, 512L << 20);
    assertThat(drain(again)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0);
    assertThat(again.pendingEvents(10)).extracting(AlertEvent::instance).containsExactly("x");
    assertThat(Files.readString(dir.resolve("data/rejected/metrics.jsonl"))).contains("torn");
    assertThat(dir.resolve("backup/incoming-x.tmp")).doesNotExist();
  }

  @Test
  void aZeroFilledTailAfterAPowerCutIsCut() throws IOException {
    Spool s = spool(30 << 20, 1, 512L << 20);
    s.addRound(round());
    s.close();
    Files.write(dir.resolve("data/current.data"), new byte[4096], StandardOpenOption.APPEND);
    assertThat(drain(spool(30 << 20, 1, 512L << 20))).containsExactly(0.0, 1.0, 2.0);
  }

  @Test
  void asecondAgentOnTheSameSpoolIsRefused() throws IOException {
    spool(30 << 20, 10, 512L << 20);
    assertThatThrownBy(() -> spool(30 << 20, 10, 512L << 20))
        .isInstanceOf(SpoolLockedException.class)
        .hasMessageContaining("locked by another boagent");
  }

  @Test
  void aDiskThatRefusesWritesDegradesToMemoryAndRecovers() throws IOException {
    Spool s = spool(30 << 20, 1, 512L << 20);
    Path data = dir.resolve("data/current.data");
    Files.createDirectories(data);
    s.addRound(round());
    s.addRound(round());
    SpoolStats st = s.stats();
    assertThat(st.memoryOnly()).isTrue();
    assertThat(st.writeError()).contains("current.data");
    Files.delete(data);
    s.addRound(round());
    assertThat(s.stats().memoryOnly()).isFalse();
    assertThat(s.stats().writeError()).isNull();
    assertThat(drain(s))
        .as("memory batches written first, in order")
        .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
  }

  @Test
  void batchesHeldInMemoryAreWrittenOnCloseEvenWithNothingNewBuffered() throws IOException {
    Spool s = spool(30 << 20, 1, 512L << 20);
    Path data = dir.resolve("data/current.data");
    Files.createDirectories(data);
    s.addRound(round());
    assertThat(s.stats().memoryOnly()).isTrue();
    Files.delete(data);
    s.close();
    Spool again = spool(30 << 20, 1, 512L << 20);
    assertThat(drain(again))
        .as("the batch the disk refused is on disk after a clean stop")
        .containsExactly(0.0, 1.0, 2.0);
  }

  @Test
  void eventsTheDiskRefusedAreWrittenOnClose() throws IOException {
    Spool s = spool(30 << 20, 1, 512L << 20);
    Path journal = dir.resolve("data/events.jsonl");
    Files.createDirectories(journal);
    AlertEvent e = event("nginx");
    s.addEvents(List.of(e));
    assertThat(s.stats().writeError()).contains("events.jsonl");
    Files.delete(journal);
    s.close();
    Spool again = spool(30 << 20, 1, 512L << 20);
    assertThat(again.pendingEvents(10))
        .extracting(AlertEvent::eventId)
        .containsExactly(e.eventId());
  }

  /**
   * The agent stops by interrupting its probe and delivery threads; a thread interrupted while it
   * hands the spool a round must still get it onto disk (an interrupt closes an NIO channel).
   */
  @Test
  void anInterruptedCallerLosesNothing() throws Exception {
    Spool s = spool(600, 1, 512L << 20);
    AlertEvent e = event("nginx");
    List<Throwable> failed = new ArrayList<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.currentThread().interrupt();
                for (int i = 0; i < 12; i++) {
                  s.addRound(round());
                }
                s.addEvents(List.of(e));
                Batch b = s.nextBatch().orElseThrow();
                s.delivered(b);
                assertThat(Thread.currentThread().isInterrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
              } catch (Throwable x) {
                failed.add(x);
              }
            });
    t.start();
    t.join();
    assertThat(failed).isEmpty();
    assertThat(s.stats().writeError()).isNull();
    assertThat(s.stats().memoryOnly()).isFalse();
    assertThat(backups()).as("rotation worked on the interrupted thread").isNotEmpty();
    s.close();
    Spool again = spool(600, 1, 512L << 20);
    List<Double> rest = drain(again);
    // At least once: the delivered batch came from a backup that is deleted once read to its end.
    assertThat(rest)
        .as("every round after the delivered first, in order")
        .isSorted()
        .containsAll(
            java.util.stream.DoubleStream.iterate(3, v -> v < 36, v -> v + 1).boxed().toList());
    assertThat(again.pendingEvents(10))
        .extracting(AlertEvent::eventId)
        .containsExactly(e.eventId());
  }

  @Test
  void memoryBatchesAreSentWhileTheDiskIsDown() throws IOException {
    Spool s = spool(30 << 20, 1, 512L << 20);
    Files.createDirectories(dir.resolve("data/current.data"));
    s.addRound(round());
    assertThat(drain(s)).containsExactly(0.0, 1.0, 2.0);
    assertThat(s.nextBatch()).isEmpty();
  }

  @Test
  void aRejectedBatchIsSetAsideAndNotOfferedAgain() throws IOException {
    Spool s = spool(30 << 20, 1, 512L << 20);
    s.addRound(round());
    s.addRound(round());
    Batch bad = s.nextBatch().orElseThrow();
    s.rejected(bad, "400 samples[0].metric");
    assertThat(drain(s)).containsExactly(3.0, 4.0, 5.0);
    assertThat(Files.readString(dir.resolve("data/rejected/metrics.jsonl"), StandardCharsets.UTF_8))
        .contains(bad.batchId());
  }

  @Test
  void backupNamesSortByTimeEvenWhenTheClockStepsBack() {
    String a = BackupNames.next(Instant.parse("2026-11-21T10:00:00.500Z"), null, 10);
    String b = BackupNames.next(Instant.parse("2026-11-21T10:00:00.500Z"), a, 20);
    String c = BackupNames.next(Instant.parse("2026-11-21T09:00:00Z"), b, 30);
    String d = BackupNames.next(Instant.parse("2026-11-21T11:00:00Z"), c, 40);
    assertThat(a).isEqualTo("data-20261121T100000.500Z-0001-n10.gz");
    assertThat(List.of(a, b, c, d)).isSorted().doesNotHaveDuplicates();
    assertThat(BackupNames.samples(c)).contains(30L);
  }

  @Test
  void backupNamesPastSequence9999MoveOnAMillisecondAndOverlongDigitsAreNoBackups() {
    String last = "data-20261121T100000.500Z-9999-n1.gz";
    String next = BackupNames.next(Instant.parse("2026-11-21T09:00:00Z"), last, 2);
    assertThat(next).isEqualTo("data-20261121T100000.501Z-0001-n2.gz").isGreaterThan(last);
    assertThat(BackupNames.samples("data-20261121T100000.500Z-0001-n99999999999999999999.gz"))
        .isEmpty();
    assertThat(BackupNames.isBackup("data-20261121T100000.500Z-99999999999-n1.gz")).isFalse();
  }
}
