package io.botasky.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.spool.Spool;
import io.botasky.agent.spool.SpoolSettings;
import io.botasky.agent.testkit.FakeCollector;
import io.botasky.agent.testkit.FakeCollector.Answer;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.time.Backoff;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliverer with two masters (docs/agent.md, "Several masters"): what it spooled goes to the
 * one it reaches, after two failed attempts at the first; a 4xx does not move it.
 */
class MasterFailoverTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final ExecutorService http = Executors.newSingleThreadExecutor();
  private FakeCollector a;
  private FakeCollector b;
  private Spool spool;
  private Masters masters;
  private SpoolDeliverer deliverer;

  @BeforeEach
  void setUp() throws IOException {
    a = new FakeCollector();
    b = new FakeCollector();
    spool =
        Spool.open(
            new SpoolSettings(
                dir.resolve("data"), dir.resolve("backup"), 30 << 20, 1, 512L << 20, 1 << 20),
            clock,
            new WireCodec(),
            UUID::randomUUID);
    masters =
        new Masters(
            List.of(
                new MasterAddress("127.0.0.1", a.port()), new MasterAddress("127.0.0.1", b.port())),
            false);
    deliverer =
        new SpoolDeliverer(
            spool,
            new WireCodec(),
            new CollectorClient(
                new HttpTransport(false, Duration.ofSeconds(5), http),
                masters,
                "s3cret",
                Duration.ofSeconds(5)),
            new Backoff(
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                RandomGenerator.of("L64X128MixRandom")),
            clock,
            "pi3",
            "0.1.0",
            Duration.ofSeconds(10),
            () -> Map.of("hostname", "pi3"));
  }

  @AfterEach
  void tearDown() {
    spool.close();
    a.close();
    b.close();
    http.shutdownNow();
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

  /** One pass once the backoff of the previous one is over. */
  private SpoolDeliverer.Pass pass() throws InterruptedException {
    SpoolDeliverer.Pass p = deliverer.runOnce();
    clock.tick(Duration.ofMinutes(2));
    return p;
  }

  @Test
  void aMasterThatIsGoneIsLeftAfterTwoAttemptsAndTheSpoolGoesToTheNext() throws Exception {
    spool.addEvents(List.of(event("sshd"), event("cron")));
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    assertThat(a.requests("/api/v1/events")).hasSize(1);

    a.close();
    spool.addEvents(List.of(event("nginx")));
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(masters.current().index()).as("after one failed attempt").isZero();
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(masters.current().index()).as("after two").isEqualTo(1);
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.IDLE);

    assertThat(b.requests("/api/v1/events")).hasSize(1);
    assertThat(
            b.requests("/api/v1/events")
                .get(0)
                .body()
                .get("events")
                .get(0)
                .get("instance")
                .asText())
        .isEqualTo("nginx");
    assertThat(spool.pendingEvents(10)).isEmpty();
  }

  @Test
  void aMasterAnswering503IsLeftAndTheNewOneIsKeptWhenTheFirstIsBack() throws Exception {
    a.answer("/api/v1/heartbeat", new Answer(503, null, "{}"), new Answer(503, null, "{}"));
    spool.addEvents(List.of(event("sshd")));
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    assertThat(a.requests("/api/v1/events")).isEmpty();
    assertThat(b.requests("/api/v1/events")).hasSize(1);

    // A answers again, but the agent is sticky: B keeps getting everything.
    spool.addEvents(List.of(event("cron")));
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    assertThat(a.requests("/api/v1/events")).isEmpty();
    assertThat(b.requests("/api/v1/events")).hasSize(2);
  }

  @Test
  void aFourHundredIsTheRequestsFaultAndDoesNotMove() throws Exception {
    a.answer(
        "/api/v1/heartbeat",
        new Answer(401, null, "{}"),
        new Answer(401, null, "{}"),
        new Answer(401, null, "{}"));
    spool.addEvents(List.of(event("sshd")));
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(masters.current().index()).isZero();
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    assertThat(a.requests("/api/v1/events")).hasSize(1);
    assertThat(b.requests()).isEmpty();
  }

  @Test
  void theActionClientsRequestsFollowTheMoveTheDeliverersFailuresMade() throws Exception {
    // The action client has a transport of its own but the same Masters (AgentWiring).
    CollectorClient actions =
        new CollectorClient(
            new HttpTransport(false, Duration.ofSeconds(5), http),
            masters,
            "s3cret",
            Duration.ofSeconds(5));
    actions.get("/api/v1/actions/next?host=pi3&wait=0", Duration.ofSeconds(5));
    assertThat(a.requests("/api/v1/actions/next")).hasSize(1);
    a.close();
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(pass()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(actions.base()).isEqualTo(b.uri());
    assertThat(actions.get("/api/v1/actions/next?host=pi3&wait=0", Duration.ofSeconds(5)).status())
        .isEqualTo(200);
    assertThat(b.requests("/api/v1/actions/next")).hasSize(1);
  }

  @Test
  void theRetryAfterAMoveWaitsNoBackoff() throws Exception {
    a.close();
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    clock.tick(Duration.ofMinutes(2));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(masters.current().index()).isEqualTo(1);
    assertThat(deliverer.nextWake()).isEqualTo(clock.instant().plus(SpoolDeliverer.AFTER_MOVE));
  }
}
