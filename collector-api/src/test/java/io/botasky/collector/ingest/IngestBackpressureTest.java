package io.botasky.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botasky.common.alert.ValidEvent;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bounded queues: past them Busy (429 with Retry-After); with the database down, Unavailable (503)
 * at once.
 */
class IngestBackpressureTest {
  static ValidEvent ev() {
    return new ValidEvent(
        "00000000-0000-0000-0000-000000000001",
        "pi3",
        "system",
        "",
        "cpu_usage",
        AlertState.FIRING,
        Severity.WARNING,
        1.0,
        1.0,
        "s",
        null,
        0);
  }

  @Test
  void aFullQueueAnswers429AndADownDatabase503() {
    DatabaseHealth health = new DatabaseHealth();
    IngestCounters counters = new IngestCounters(new SimpleMeterRegistry());
    MutableClock clock = new MutableClock(Instant.EPOCH);
    // Not started: nothing drains the queue of one.
    AlertPartition p =
        new AlertPartition(
            "t",
            1,
            null,
            io.botasky.common.db.Dialect.H2,
            health,
            clock,
            Duration.ofSeconds(30),
            0,
            ids -> {},
            hosts -> {},
            counters);
    SamplePartition s =
        new SamplePartition("s", 1, null, io.botasky.common.db.Dialect.H2, health, clock, counters);
    Ingest ingest = new Ingest(List.of(p), List.of(s), health);

    IngestFailure.Unavailable down =
        catchThrowableOfType(
            IngestFailure.Unavailable.class, () -> ingest.events("pi3", List.of(ev())));
    assertThat(down.retryAfterSeconds()).isPositive();

    health.markUp();
    assertThat(ingest.events("pi3", List.of(ev()))).isNotDone();
    IngestFailure.Busy full =
        catchThrowableOfType(IngestFailure.Busy.class, () -> ingest.events("pi3", List.of(ev())));
    assertThat(full.retryAfterSeconds()).isEqualTo(1);
  }
}
