package io.botasky.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.testkit.HostileConfig;
import io.botasky.common.wire.AlertEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Any body through the JSON reader and the events, metrics and heartbeat validators: a validated
 * value or the contract's 400 (415 for a wrong content type) naming the field, nothing else.
 */
class ApiBodyProperties {
  private static final long NOW = 1_763_700_000_000L;
  private final JsonBodies json = new JsonBodies();

  @Property
  void anyBytesAreAJsonObjectOrA400(
      @ForAll("bytes") byte[] body, @ForAll("contentType") String ct) {
    Request r =
        new Request(
            "POST",
            "/api/v1/events",
            Map.of(),
            Map.of("content-type", ct),
            body,
            "127.0.0.1",
            Map.of());
    refusedOnlyAsContract(() -> json.object(r), 400, 415);
  }

  @Property
  void anyEventsBodyIsValidOrA400(@ForAll("eventsBody") String body) {
    EventsParser.Parsed p =
        refusedOnlyAsContract(() -> EventsParser.parse(tree(body), NOW, json::write), 400);
    if (p != null) {
      assertThat(p.host()).isNotEmpty().doesNotContain("\0");
      for (ValidEvent e : p.events()) {
        assertThat(e.summary().codePointCount(0, e.summary().length()))
            .isLessThanOrEqualTo(AlertEvent.MAX_SUMMARY);
        assertThat(e.instance()).doesNotContain("\0");
        assertThat(e.eventId()).hasSize(36);
      }
    }
  }

  @Property
  void anyMetricsBodyIsValidOrA400(@ForAll("metricsBody") String body) {
    MetricsParser.Parsed p =
        refusedOnlyAsContract(() -> MetricsParser.parse(tree(body), json::write), 400);
    if (p != null) {
      p.samples().forEach(s -> assertThat(s.ts()).isPositive());
    }
  }

  @Property(tries = 500)
  void anyHeartbeatBodyIsValidOrA400(@ForAll("heartbeatBody") String body) {
    HeartbeatParser.Parsed p =
        refusedOnlyAsContract(() -> HeartbeatParser.parse(tree(body), json::write), 400);
    if (p != null) {
      assertThat(p.vipsHeld()).allSatisfy(v -> assertThat(v).isNotEmpty());
    }
  }

  @Property(tries = 500)
  void anyInventoryHeartbeatIsValidOrA400(@ForAll("inventoryBody") String body) {
    HeartbeatParser.Parsed p =
        refusedOnlyAsContract(() -> HeartbeatParser.parse(tree(body), json::write), 400);
    if (p == null || p.inventory() == null) {
      return;
    }
    io.botasky.collector.inventory.InventoryUpdate inv = p.inventory();
    assertThat(inv.servicesHash()).matches("[0-9a-f]{16}");
    List<io.botasky.common.wire.ServiceEntry> entries = inv.full() ? inv.services() : inv.changed();
    assertThat(entries.size())
        .isLessThanOrEqualTo(io.botasky.common.wire.ServiceEntry.MAX_SERVICES);
    for (io.botasky.common.wire.ServiceEntry e : entries) {
      assertThat(io.botasky.common.text.SafeText.isSafeLine(e.summary())).isTrue();
      assertThat(e.summary().codePointCount(0, e.summary().length())).isLessThanOrEqualTo(513);
      assertThat(io.botasky.common.wire.GroupPath.problem(e.group())).isEmpty();
      assertThat(e.resource()).matches("[a-z0-9_]{1,32}");
      assertThat(e.instance()).doesNotContain("\0");
      assertThat(e.interval()).isBetween(1, 86_400);
      assertThat(e.lastCheck()).isNotNegative();
      assertThat(io.botasky.common.wire.ServiceEntry.AGENT_STATES).contains(e.state());
    }
    if (!inv.full()) {
      assertThat(inv.checks()).allSatisfy(c -> assertThat(c).isNotNegative());
      inv.changed().forEach(e -> assertThat(e.i()).isBetween(0, inv.checks().size() - 1));
    }
  }

  private JsonNode tree(String body) {
    Request r =
        new Request(
            "POST",
            "/",
            Map.of(),
            Map.of("content-type", "application/json"),
            body.getBytes(StandardCharsets.UTF_8),
            "127.0.0.1",
            Map.of());
    return json.object(r);
  }

  /**
   * Runs {@code call}; an HttpError must carry one of {@code statuses} and a message; null then.
   */
  private static <T> T refusedOnlyAsContract(Supplier<T> call, int... statuses) {
    try {
      T t = call.get();
      Statistics.collect("accepted", "");
      return t;
    } catch (HttpError e) {
      Statistics.collect(e.status(), String.valueOf(e.field()).replaceAll("\\[\\d+\\]", "[]"));
      assertThat(statuses).contains(e.status());
      assertThat(e.getMessage()).isNotBlank();
      return null;
    }
  }

  // ---- generators ----------------------------------------------------------------------------

  @Provide
  Arbitrary<String> contentType() {
    return Arbitraries.of(
        "application/json",
        "application/json; charset=utf-8",
        "application/x+json",
        "text/plain",
        "",
        "APPLICATION/JSON",
        "application/\u0000json");
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        anyJson(3).map(j -> j.getBytes(StandardCharsets.UTF_8)),
        HostileConfig.hostileString(60).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.of(
                "[".repeat(5000),
                "{\"a\":".repeat(3000),
                "{\"a\":1,\"a\":2}",
                "1e999999999",
                "\"\\ud800\"",
                "{\"x\":-0}",
                "{}",
                "null",
                "")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)));
  }

  /** Any JSON value, nested up to {@code depth}. */
  static Arbitrary<String> anyJson(int depth) {
    Arbitrary<String> leaf =
        Arbitraries.oneOf(
            Arbitraries.of(
                "null",
                "true",
                "false",
                "0",
                "-1",
                "1e308",
                "1e309",
                "-1e400",
                "9223372036854775808",
                "123456789012345678901234567890",
                "0.1",
                "-0",
                "1.7976931348623157E308",
                "4.9E-324"),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles()
                .map(String::valueOf)
                .filter(s -> !s.contains("N") && !s.contains("I")),
            HostileConfig.hostileString(20).map(ApiBodyProperties::quote));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<String> inner = Arbitraries.lazy(() -> anyJson(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(3, leaf),
        Tuple.of(1, inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
        Tuple.of(
            1,
            Combinators.combine(
                    Arbitraries.oneOf(
                        HostileConfig.hostileString(8),
                        Arbitraries.of(
                            "host",
                            "events",
                            "samples",
                            "state",
                            "ts",
                            "value",
                            "labels",
                            "sysinfo",
                            "vips_held")),
                    inner)
                .as((k, v) -> quote(k) + ":" + v)
                .list()
                .ofMaxSize(4)
                .map(l -> "{" + String.join(",", l) + "}")));
  }

  /** A field value: mostly the right kind, sometimes the wrong kind or a hostile one. */
  private static Arbitrary<String> field(Arbitrary<String> good) {
    return Arbitraries.frequencyOf(
        Tuple.of(40, good),
        Tuple.of(1, anyJson(1)),
        Tuple.of(1, HostileConfig.hostileString(30).map(ApiBodyProperties::quote)));
  }

  private static Arbitrary<String> object(Map<String, Arbitrary<String>> fields) {
    List<Arbitrary<String>> parts =
        fields.entrySet().stream()
            .map(
                e ->
                    Arbitraries.frequencyOf(
                        Tuple.of(40, field(e.getValue()).map(v -> quote(e.getKey()) + ":" + v)),
                        Tuple.of(1, Arbitraries.just(""))))
            .toList();
    return Combinators.combine(parts)
        .as(l -> "{" + String.join(",", l.stream().filter(s -> !s.isEmpty()).toList()) + "}");
  }

  private static Arbitrary<String> hosts() {
    return Arbitraries.frequencyOf(
            Tuple.of(16, Arbitraries.of("web1", "db-2.example")),
            Tuple.of(1, Arbitraries.of("", "h\u0000", "h\u202e", "h\n", "x".repeat(256))),
            Tuple.of(1, HostileConfig.hostileString(10)))
        .map(ApiBodyProperties::quote);
  }

  private static Arbitrary<String> times() {
    return Arbitraries.of(
            "2026-11-21T10:00:00Z",
            "2026-11-21T10:00:00.123+08:00",
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "+292278994-08-17T07:12:55.808Z",
            "-292275055-05-16T16:47:04.191Z",
            "0000-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "2026-13-01T00:00:00Z",
            "2026-11-21",
            "now",
            "")
        .map(ApiBodyProperties::quote);
  }

  @Provide
  Arbitrary<String> eventsBody() {
    Map<String, Arbitrary<String>> event = new LinkedHashMap<>();
    event.put(
        "event_id",
        Arbitraries.oneOf(
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                    .as((a, b) -> new java.util.UUID(a, b).toString()),
                Arbitraries.of(
                    "0000000-0000-0000-0000-000000000000", "ZZZZZZZZ-0000-0000-0000-000000000000"))
            .map(ApiBodyProperties::quote));
    event.put(
        "resource",
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("mysql", "system")),
                Tuple.of(1, Arbitraries.of("Mysql", "a".repeat(40), "", "mysql\n")))
            .map(ApiBodyProperties::quote));
    event.put(
        "instance",
        Arbitraries.oneOf(
                Arbitraries.of("3306", "", "x".repeat(300)), HostileConfig.hostileString(10))
            .map(ApiBodyProperties::quote));
    event.put(
        "check",
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("replication_lag", "cpu")),
                Tuple.of(1, Arbitraries.of("Cpu", "", "c".repeat(70))))
            .map(ApiBodyProperties::quote));
    event.put(
        "state",
        Arbitraries.of("firing", "resolved", "acked", "FIRING", "", "firing\u0000")
            .map(ApiBodyProperties::quote));
    event.put(
        "severity",
        Arbitraries.of("info", "note", "warning", "critical", "CRITICAL", "fatal", "")
            .map(ApiBodyProperties::quote));
    event.put(
        "value",
        Arbitraries.of("1.5", "-0", "1e308", "1e309", "null", "\"5\"", "9223372036854775808"));
    event.put("threshold", Arbitraries.of("30", "null", "-1e400"));
    event.put(
        "summary",
        Arbitraries.oneOf(
                HostileConfig.hostileString(40),
                Arbitraries.of(
                    "\ud83d\ude00".repeat(512), "\ud83d\ude00".repeat(513), "s".repeat(513)))
            .map(ApiBodyProperties::quote));
    event.put(
        "details",
        Arbitraries.oneOf(anyJson(2), Arbitraries.of("{\"k\":\"" + "v".repeat(17_000) + "\"}")));
    event.put("observed_at", times());
    Map<String, Arbitrary<String>> root = new LinkedHashMap<>();
    root.put("host", hosts());
    root.put("events", object(event).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"));
    return object(root);
  }

  @Provide
  Arbitrary<String> metricsBody() {
    Map<String, Arbitrary<String>> sample = new LinkedHashMap<>();
    sample.put(
        "metric",
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("cpu.usage", "mem_used")),
                Tuple.of(1, Arbitraries.of("1bad", "", "m".repeat(200), "a b")))
            .map(ApiBodyProperties::quote));
    sample.put(
        "ts",
        Arbitraries.oneOf(
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.of(
                "1763700000000", "0", "-1", "1.5", "9223372036854775808", "1e20", "\"1\"")));
    sample.put("value", Arbitraries.of("1", "0.5", "-1e308", "1e999", "\"x\"", "null"));
    sample.put(
        "labels",
        Arbitraries.oneOf(
            anyJson(2),
            Arbitraries.of(
                "{\"mount\":\"/\"}", "{\"k\":1}", "{}", "{\"k\":\"" + "v".repeat(3000) + "\"}")));
    Map<String, Arbitrary<String>> root = new LinkedHashMap<>();
    root.put("host", hosts());
    root.put(
        "batch_id",
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("b-1")),
                Tuple.of(1, Arbitraries.of("", "x".repeat(65), "a/b", "b\u0000")))
            .map(ApiBodyProperties::quote));
    root.put(
        "samples", object(sample).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"));
    return object(root);
  }

  @Provide
  Arbitrary<String> heartbeatBody() {
    Map<String, Arbitrary<String>> sysinfo = new LinkedHashMap<>();
    sysinfo.put(
        "vips_held",
        Arbitraries.oneOf(
            anyJson(1),
            Arbitraries.of(
                "[\"10.0.0.1\"]",
                "[]",
                "[\"\"]",
                "[1]",
                "[\"10.9.9.9\\r\\nFORGED\"]",
                "[\"" + "1".repeat(65) + "\"]",
                "\"10.0.0.1\"")));
    sysinfo.put("kernel", HostileConfig.hostileString(20).map(ApiBodyProperties::quote));
    Map<String, Arbitrary<String>> root = new LinkedHashMap<>();
    root.put("host", hosts());
    root.put(
        "agent_version",
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("0.1.0")),
                Tuple.of(1, Arbitraries.of("", "v".repeat(65), "1\u0007")))
            .map(ApiBodyProperties::quote));
    root.put(
        "sysinfo",
        Arbitraries.oneOf(
            object(sysinfo),
            anyJson(2),
            Arbitraries.of("{\"big\":\"" + "x".repeat(70_000) + "\"}")));
    return object(root);
  }

  @Provide
  Arbitrary<String> inventoryBody() {
    Map<String, Arbitrary<String>> svc = new LinkedHashMap<>();
    svc.put("i", Arbitraries.of("0", "1", "-1", "2", "\"0\"", "1.5"));
    svc.put(
        "resource",
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("redis", "system", "mfs")),
                Tuple.of(1, Arbitraries.of("", "Redis", "r".repeat(33), "a b")),
                Tuple.of(1, HostileConfig.hostileString(8)))
            .map(ApiBodyProperties::quote));
    svc.put(
        "instance",
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("", "6379", "6380", "/var")),
                Tuple.of(1, HostileConfig.hostileString(12)),
                Tuple.of(1, Arbitraries.of("x".repeat(256), "a\u202eb")))
            .map(ApiBodyProperties::quote));
    svc.put(
        "group",
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("", "dev", "dev/cache", "prod/db")),
                Tuple.of(
                    1,
                    Arbitraries.of(
                        "/dev", "dev/", "a//b", "a/../b", " a", "a\nb", "g".repeat(256))),
                Tuple.of(1, HostileConfig.hostileString(12)))
            .map(ApiBodyProperties::quote));
    svc.put(
        "state",
        Arbitraries.of("ok", "warning", "critical", "unknown", "stale", "OK", "")
            .map(ApiBodyProperties::quote));
    svc.put(
        "summary",
        Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("", "redis down")),
                Tuple.of(2, HostileConfig.hostileString(40)),
                Tuple.of(1, Arbitraries.of("s".repeat(512), "s".repeat(513), "\u001b[31m\n")))
            .map(ApiBodyProperties::quote));
    svc.put("last_check", Arbitraries.of("0", "1765050000000", "-1", "1e3", "\"0\""));
    svc.put("interval", Arbitraries.of("60", "1", "86400", "0", "86401", "-5", "60.5"));
    svc.put(
        "actions",
        Arbitraries.of(
            "[]",
            "[\"restart\"]",
            "[\"Restart\"]",
            "[1]",
            "\"restart\"",
            "[" + String.join(",", java.util.Collections.nCopies(17, "\"a\"")) + "]"));
    svc.put("protected", Arbitraries.of("true", "false", "\"yes\"", "1"));
    Arbitrary<String> list =
        Arbitraries.oneOf(
            object(svc).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"), anyJson(1));
    Arbitrary<String> hash =
        Arbitraries.of("0123456789abcdef", "fedcba9876543210", "0123456789ABCDEF", "", "12")
            .map(ApiBodyProperties::quote);
    Map<String, Arbitrary<String>> full = new LinkedHashMap<>();
    full.put("host", hosts());
    full.put("services_hash", hash);
    full.put("services", list);
    Map<String, Arbitrary<String>> brief = new LinkedHashMap<>();
    brief.put("host", hosts());
    brief.put("services_hash", hash);
    brief.put("base_hash", hash);
    brief.put(
        "checks",
        Arbitraries.oneOf(
            Arbitraries.of("[]", "[1,2]", "[1,-2]", "[\"1\"]", "[1,2,3,4]"), anyJson(1)));
    brief.put("changed", list);
    return Arbitraries.oneOf(object(full), object(brief));
  }

  static String quote(String s) {
    try {
      return io.botasky.common.wire.Json.mapper().writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
