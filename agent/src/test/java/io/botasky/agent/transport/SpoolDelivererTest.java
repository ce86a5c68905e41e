package io.botasky.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.spool.Spool;
import io.botasky.agent.spool.SpoolSettings;
import io.botasky.agent.testkit.FakeCollector;
import io.botasky.agent.testkit.FakeCollector.Answer;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.time.Backoff;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.LogLine;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.ServiceEntry;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDelivererTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private FakeCollector collector;
  private Spool spool;
  private SpoolDeliverer deliverer;

  @BeforeEach
  void setUp() throws IOException {
    collector = new FakeCollector();
    spool =
        Spool.open(
            new SpoolSettings(
                dir.resolve("data"), dir.resolve("backup"), 30 << 20, 1, 512L << 20, 1 << 20),
            clock,
            new WireCodec(),
            UUID::randomUUID);
    deliverer = deliverer(collector.uri().toString());
  }

  private final AtomicReference<List<ServiceEntry>> services =
      new AtomicReference<>(services(0, "ok"));

  private static List<ServiceEntry> services(long check, String redis) {
    return List.of(
        new ServiceEntry(null, "system", "", "", "ok", "", check, 5, List.of(), false),
        new ServiceEntry(
            null,
            "redis",
            "6379",
            "dev",
            redis,
            redis.equals("ok") ? "" : "down",
            check,
            10,
            List.of(),
            false));
  }

  /** A deliverer that reports {@link #services} with every heartbeat. */
  private SpoolDeliverer withServices() {
    CollectorClient client =
        new CollectorClient(
            new HttpTransport(
                false,
                Duration.ofSeconds(5),
                java.util.concurrent.Executors.newSingleThreadExecutor()),
            collector.uri(),
            "s3cret",
            Duration.ofSeconds(5));
    return new SpoolDeliverer(
        spool,
        new WireCodec(),
        client,
        new Backoff(
            Duration.ofSeconds(1), Duration.ofSeconds(60), RandomGenerator.of("L64X128MixRandom")),
        clock,
        "pi3",
        "0.1.0",
        Duration.ofSeconds(10),
        () -> Map.of("hostname", "pi3"),
        services::get);
  }

  private List<JsonNode> heartbeats() {
    return collector.requests("/api/v1/heartbeat").stream()
        .map(FakeCollector.Request::body)
        .toList();
  }

  @Test
  void theServiceListGoesFullFirstThenShortAgainstWhatTheCollectorHolds() throws Exception {
    collector.respond("/api/v1/heartbeat", FakeCollector::acknowledgeServices);
    SpoolDeliverer d = withServices();
    d.runOnce();
    clock.tick(Duration.ofSeconds(10));
    services.set(services(clock.millis(), "ok"));
    d.runOnce();
    clock.tick(Duration.ofSeconds(10));
    services.set(services(clock.millis(), "critical"));
    d.runOnce();
    List<JsonNode> hb = heartbeats();
    assertThat(hb).hasSize(3);
    assertThat(hb.get(0).get("services")).hasSize(2);
    assertThat(hb.get(0).has("base_hash")).isFalse();
    assertThat(hb.get(1).has("services")).isFalse();
    assertThat(hb.get(1).get("base_hash").asText())
        .isEqualTo(hb.get(0).get("services_hash").asText());
    assertThat(hb.get(1).get("changed")).isEmpty();
    assertThat(hb.get(1).get("checks").get(1).asLong()).isEqualTo(clock.millis() - 10_000);
    assertThat(hb.get(2).get("changed")).hasSize(1);
    assertThat(hb.get(2).get("changed").get(0).get("i").asInt()).isEqualTo(1);
    assertThat(hb.get(2).get("changed").get(0).get("state").asText()).isEqualTo("critical");
    d.stop(Duration.ofSeconds(1));
  }

  @Test
  void aResendIsAnsweredWithTheFullListAtOnce() throws Exception {
    collector.respond("/api/v1/heartbeat", FakeCollector::acknowledgeServices);
    SpoolDeliverer d = withServices();
    d.runOnce();
    collector.answer("/api/v1/heartbeat", new Answer(200, null, "{\"ok\":true,\"resend\":true}"));
    clock.tick(Duration.ofSeconds(10));
    d.runOnce();
    List<JsonNode> hb = heartbeats();
    assertThat(hb).as("the short form, then the full list in the same pass").hasSize(3);
    assertThat(hb.get(1).has("base_hash")).isTrue();
    assertThat(hb.get(2).get("services")).hasSize(2);
    clock.tick(Duration.ofSeconds(10));
    d.runOnce();
    assertThat(heartbeats().get(3).has("base_hash")).as("acknowledged again").isTrue();
    d.stop(Duration.ofSeconds(1));
  }

  @Test
  void aCollectorWithoutTheInventoryGetsTheFullListWithEveryBeat() throws Exception {
    SpoolDeliverer d = withServices();
    for (int i = 0; i < 3; i++) {
      d.runOnce();
      clock.tick(Duration.ofSeconds(10));
    }
    assertThat(heartbeats()).hasSize(3).allSatisfy(h -> assertThat(h.get("services")).hasSize(2));
    d.stop(Duration.ofSeconds(1));
  }

  @Test
  void aRefusedServiceListStillSaysTheHostIsAlive() throws Exception {
    collector.answer(
        "/api/v1/heartbeat", new Answer(400, null, "{\"error\":\"services[1].group: bad\"}"));
    SpoolDeliverer d = withServices();
    assertThat(d.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    List<JsonNode> hb = heartbeats();
    assertThat(hb).hasSize(2);
    assertThat(hb.get(1).has("services")).isFalse();
    assertThat(hb.get(1).has("services_hash")).isFalse();
    assertThat(hb.get(1).get("host").asText()).isEqualTo("pi3");
    d.stop(Duration.ofSeconds(1));
  }

  private SpoolDeliverer deliverer(String url) {
    CollectorClient client =
        new CollectorClient(
            new HttpTransport(
                false,
                Duration.ofSeconds(5),
                java.util.concurrent.Executors.newSingleThreadExecutor()),
            java.net.URI.create(url),
            "s3cret",
            Duration.ofSeconds(5));
    return new SpoolDeliverer(
        spool,
        new WireCodec(),
        client,
        new Backoff(
            Duration.ofSeconds(1), Duration.ofSeconds(60), RandomGenerator.of("L64X128MixRandom")),
        clock,
        "pi3",
        "0.1.0",
        Duration.ofSeconds(10),
        () -> Map.of("hostname", "pi3", "mem_level", "note"));
  }

  @AfterEach
  void tearDown() {
    deliverer.stop(Duration.ofSeconds(2));
    spool.close();
    collector.close();
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

  private void round(double v) {
    spool.addRound(List.of(new Sample("cpu.usage", clock.millis(), v, Map.of())));
  }

  @Test
  void logLinesGoToTheirEndpointUnderTheBatchIdAndAreResentAfterAnOutage() throws Exception {
    LogLine l = new LogLine("mysql_errors", "error", clock.millis(), "[ERROR] InnoDB");
    spool.addLogs(List.of(l));
    spool.flush();
    collector.answer("/api/v1/logs", new Answer(503, "1", "{\"error\":\"down\"}"));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    clock.tick(Duration.ofMinutes(5));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    List<FakeCollector.Request> logs = collector.requests("/api/v1/logs");
    assertThat(logs).hasSize(2);
    // A batch of log lines only sends no empty metrics request.
    assertThat(collector.requests("/api/v1/metrics")).isEmpty();
    JsonNode body = logs.get(1).body();
    assertThat(body.get("batch_id").asText())
        .isEqualTo(logs.get(0).body().get("batch_id").asText());
    assertThat(body.get("host").asText()).isEqualTo("pi3");
    JsonNode line = body.get("lines").get(0);
    assertThat(line.get("source").asText()).isEqualTo("mysql_errors");
    assertThat(line.get("level").asText()).isEqualTo("error");
    assertThat(line.get("ts").asLong())
        .isEqualTo(clock.millis() - Duration.ofMinutes(5).toMillis());
    assertThat(line.get("line").asText()).isEqualTo("[ERROR] InnoDB");
    assertThat(spool.nextBatch()).isEmpty();
  }

  @Test
  void manyLongLinesGoInPartsUnderDerivedIdsThatAResendRepeats() throws Exception {
    List<LogLine> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add(new LogLine("app", "info", clock.millis(), i + " " + "é".repeat(8000)));
    }
    spool.addLogs(lines);
    spool.flush();
    // The second part fails once: the whole batch goes again, every part under the same id.
    collector.answer("/api/v1/logs", new Answer(200, null, "{}"), new Answer(503, "1", "{}"));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    clock.tick(Duration.ofMinutes(5));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    List<FakeCollector.Request> sent = collector.requests("/api/v1/logs");
    List<String> ids = sent.stream().map(r -> r.body().get("batch_id").asText()).toList();
    int parts = SpoolDeliverer.logParts(lines).size();
    assertThat(parts).isGreaterThan(1);
    assertThat(sent).hasSize(2 + parts);
    assertThat(ids.get(0)).endsWith(":0");
    assertThat(ids.subList(2, 2 + parts)).startsWith(ids.get(0), ids.get(1));
    assertThat(ids.stream().distinct().count()).isEqualTo(parts);
    int total = 0;
    for (FakeCollector.Request r : sent.subList(2, sent.size())) {
      total += r.body().get("lines").size();
    }
    assertThat(total).isEqualTo(100);
  }

  @Test
  void aBatchWithSamplesAndLinesSendsMetricsThenLogs() throws Exception {
    spool.addLogs(List.of(new LogLine("boagent", "warning", clock.millis(), "w")));
    round(1);
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    assertThat(collector.requests())
        .extracting(FakeCollector.Request::path)
        .containsExactly("/api/v1/heartbeat", "/api/v1/metrics", "/api/v1/logs");
  }

  @Test
  void heartbeatThenAlertsBeforeMetricsWithTheBearerToken() throws Exception {
    round(1);
    round(2);
    spool.addEvents(List.of(event("sshd")));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    List<FakeCollector.Request> r = collector.requests();
    assertThat(r)
        .extracting(FakeCollector.Request::path)
        .containsExactly(
            "/api/v1/heartbeat", "/api/v1/events", "/api/v1/metrics", "/api/v1/metrics");
    assertThat(r).allSatisfy(x -> assertThat(x.authorization()).isEqualTo("Bearer s3cret"));
    JsonNode hb = r.get(0).body();
    assertThat(hb.get("host").asText()).isEqualTo("pi3");
    assertThat(hb.get("agent_version").asText()).isEqualTo("0.1.0");
    assertThat(hb.get("sysinfo").get("mem_level").asText()).isEqualTo("note");
    JsonNode ev = r.get(1).body().get("events").get(0);
    assertThat(ev.get("event_id").asText()).isNotBlank();
    assertThat(ev.get("state").asText()).isEqualTo("firing");
    assertThat(ev.get("observed_at").asText()).isEqualTo("2026-11-21T10:00:00Z");
    JsonNode m = r.get(2).body();
    assertThat(m.get("batch_id").asText()).isNotBlank();
    assertThat(m.get("samples").get(0).get("metric").asText()).isEqualTo("cpu.usage");
    assertThat(spool.stats().backlogEmpty()).isTrue();
    assertThat(spool.pendingEvents(10)).isEmpty();
  }

  @Test
  void anAlertRaisedDuringABacklogGoesBeforeTheRestOfIt() throws Exception {
    for (int i = 0; i < 5; i++) {
      round(i);
    }
    collector.answer(
        "/api/v1/metrics", new Answer(200, null, "{}"), new Answer(503, "0", "{\"error\":\"db\"}"));
    deliverer.runOnce();
    spool.addEvents(List.of(event("late")));
    clock.tick(Duration.ofMinutes(5));
    deliverer.runOnce();
    List<String> paths =
        collector.requests().stream()
            .map(FakeCollector.Request::path)
            .filter(p -> !p.endsWith("heartbeat"))
            .toList();
    assertThat(paths)
        .containsExactly(
            "/api/v1/metrics",
            "/api/v1/metrics",
            "/api/v1/events",
            "/api/v1/metrics",
            "/api/v1/metrics",
            "/api/v1/metrics",
            "/api/v1/metrics");
  }

  @Test
  void unavailableCollectorIsRetriedWithBackoffAndRetryAfterAndTheSameBatchId() throws Exception {
    round(1);
    collector.answer(
        "/api/v1/metrics", new Answer(503, "30", "{\"error\":\"database unavailable\"}"));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    clock.tick(Duration.ofSeconds(31));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    List<FakeCollector.Request> m = collector.requests("/api/v1/metrics");
    assertThat(m).extracting(FakeCollector.Request::status).containsExactly(503, 200);
    assertThat(m.get(0).body().get("batch_id")).isEqualTo(m.get(1).body().get("batch_id"));
  }

  @Test
  void aBadRequestIsSetAsideNotRetriedForever() throws Exception {
    round(1);
    round(2);
    collector.answer(
        "/api/v1/metrics", new Answer(400, null, "{\"error\":\"bad\",\"field\":\"samples[0]\"}"));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    assertThat(collector.requests("/api/v1/metrics"))
        .extracting(FakeCollector.Request::status)
        .containsExactly(400, 200);
    assertThat(Files.readString(dir.resolve("data/rejected/metrics.jsonl"))).contains("batch_id");
  }

  @Test
  void oneBadEventDoesNotTakeTheGoodOnesWithIt() throws Exception {
    spool.addEvents(List.of(event("a"), event("b"), event("c")));
    collector.answer(
        "/api/v1/events",
        new Answer(400, null, "{\"error\":\"bad\"}"),
        new Answer(200, null, "{}"),
        new Answer(400, null, "{\"error\":\"bad\",\"field\":\"events[0].summary\"}"),
        new Answer(200, null, "{}"));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    List<FakeCollector.Request> ev = collector.requests("/api/v1/events");
    assertThat(ev).hasSize(4);
    assertThat(ev.get(2).body().get("events").get(0).get("instance").asText()).isEqualTo("b");
    assertThat(Files.readString(dir.resolve("data/rejected/events.jsonl")))
        .contains("\"instance\":\"b\"")
        .doesNotContain("\"instance\":\"a\"");
    assertThat(spool.pendingEvents(10)).isEmpty();
  }

  /**
   * Issue 11, item 6: an event the collector cannot store got a 500 every time and, retried
   * forever, held back every later alert of its host.
   */
  @Test
  void anEventThatKeepsGettingTheSame500IsSetAsideAndLaterAlertsFollow() throws Exception {
    spool.addEvents(List.of(event("a"), event("bad"), event("c")));
    Answer err = new Answer(500, null, "{\"error\":\"internal error\"}");
    // The batch fails; one by one, a is stored and bad fails (1).
    collector.answer("/api/v1/events", err, new Answer(200, null, "{}"), err);
    // [bad, c] fails, then bad alone (2, 3, 4, 5): set aside; c follows (the fake's default 200).
    for (int i = 2; i <= RepeatedFailures.LIMIT; i++) {
      collector.answer("/api/v1/events", err, err);
    }
    for (int i = 1; i < RepeatedFailures.LIMIT; i++) {
      assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
      assertThat(spool.pendingEvents(10))
          .extracting(AlertEvent::instance)
          .containsExactly("bad", "c");
      clock.tick(Duration.ofMinutes(5));
    }
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    assertThat(spool.pendingEvents(10)).isEmpty();
    List<FakeCollector.Request> ev = collector.requests("/api/v1/events");
    JsonNode last = ev.get(ev.size() - 1).body().get("events");
    assertThat(last).hasSize(1);
    assertThat(last.get(0).get("instance").asText()).isEqualTo("c");
    assertThat(ev.stream().filter(r -> r.status() == 200).count())
        .as("a and c stored")
        .isEqualTo(2);
    assertThat(Files.readString(dir.resolve("data/rejected/events.jsonl")))
        .contains("\"instance\":\"bad\"")
        .doesNotContain("\"instance\":\"a\"")
        .doesNotContain("\"instance\":\"c\"");
  }

  @Test
  void anOutageNeverSetsAnEventAsideHoweverLong() throws Exception {
    spool.addEvents(List.of(event("a")));
    for (int i = 0; i < 3 * RepeatedFailures.LIMIT; i++) {
      collector.answer(
          "/api/v1/events", new Answer(503, "1", "{\"error\":\"database unavailable\"}"));
    }
    for (int i = 0; i < 3 * RepeatedFailures.LIMIT; i++) {
      assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
      clock.tick(Duration.ofMinutes(5));
    }
    assertThat(spool.pendingEvents(10)).hasSize(1);
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    assertThat(spool.pendingEvents(10)).isEmpty();
    assertThat(dir.resolve("data/rejected/events.jsonl")).doesNotExist();
  }

  @Test
  void aBatchThatKeepsGettingTheSame500IsSetAsideToo() throws Exception {
    round(1);
    round(2);
    for (int i = 0; i < RepeatedFailures.LIMIT; i++) {
      collector.answer("/api/v1/metrics", new Answer(500, null, "{\"error\":\"internal error\"}"));
    }
    for (int i = 1; i < RepeatedFailures.LIMIT; i++) {
      assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
      clock.tick(Duration.ofMinutes(5));
    }
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.IDLE);
    List<FakeCollector.Request> m = collector.requests("/api/v1/metrics");
    assertThat(m)
        .extracting(FakeCollector.Request::status)
        .containsExactly(500, 500, 500, 500, 500, 200);
    assertThat(Files.readString(dir.resolve("data/rejected/metrics.jsonl")))
        .contains(m.get(0).body().get("batch_id").asText());
    assertThat(m.get(5).body().get("batch_id")).isNotEqualTo(m.get(0).body().get("batch_id"));
  }

  @Test
  void aWrongTokenKeepsTheDataForWhenItIsFixed() throws Exception {
    spool.addEvents(List.of(event("a")));
    collector.answer("/api/v1/heartbeat", new Answer(401, null, "{\"error\":\"token\"}"));
    assertThat(deliverer.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(spool.pendingEvents(10)).hasSize(1);
  }

  @Test
  void anUnreachableCollectorBacksOffWithGrowingJitteredWaits() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SpoolDeliverer away = deliverer("http://127.0.0.1:" + port);
    round(1);
    assertThat(away.runOnce()).isEqualTo(SpoolDeliverer.Pass.RETRY);
    assertThat(spool.nextBatch()).isPresent();
  }

  @Test
  void theThreadDeliversWhenWokenAndStopsOnTime() {
    deliverer.start();
    List<Double> seen = new ArrayList<>();
    round(7);
    deliverer.wake();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !collector.requests("/api/v1/metrics").isEmpty());
    collector
        .requests("/api/v1/metrics")
        .forEach(r -> seen.add(r.body().get("samples").get(0).get("value").asDouble()));
    assertThat(seen).containsExactly(7.0);
    long t0 = System.nanoTime();
    deliverer.stop(Duration.ofSeconds(4));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void statusClassification() {
    assertThat(AnswerClass.of(200)).isEqualTo(AnswerClass.DELIVERED);
    assertThat(List.of(400, 413, 415, 422))
        .allMatch(s -> AnswerClass.of(s) == AnswerClass.SET_ASIDE);
    assertThat(List.of(401, 403, 404, 408, 429, 500, 502, 503))
        .allMatch(s -> AnswerClass.of(s) == AnswerClass.RETRY);
  }

  @Test
  void retryAfterIsDigitsOnlyAndAtMostAnHour() {
    assertThat(CollectorClient.retryAfter(java.util.Optional.of(" 5 ")))
        .contains(Duration.ofSeconds(5));
    assertThat(CollectorClient.retryAfter(java.util.Optional.of("9223372036854775807")))
        .contains(Duration.ofHours(1));
    assertThat(CollectorClient.retryAfter(java.util.Optional.of("+5"))).isEmpty();
    assertThat(CollectorClient.retryAfter(java.util.Optional.of("\u0665"))).isEmpty();
    assertThat(CollectorClient.retryAfter(java.util.Optional.of("-1"))).isEmpty();
  }
}
