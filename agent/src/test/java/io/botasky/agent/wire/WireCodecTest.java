package io.botasky.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.EventsRequest;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.HeartbeatAnswer;
import io.botasky.common.wire.Json;
import io.botasky.common.wire.LogLine;
import io.botasky.common.wire.MetricsRequest;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.ServiceEntry;
import io.botasky.common.wire.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming codec writes what Json.mapper() writes, and reads its own lines back. */
class WireCodecTest {
  private final WireCodec codec = new WireCodec();
  private final ObjectMapper mapper = Json.mapper();

  private static final AlertEvent FULL =
      new AlertEvent(
          "6f1c1f0e-8b7e-4a53-9c55-0f3f6a4b2d11",
          "system",
          "4242:burn cpu",
          "runaway_process",
          AlertState.FIRING,
          Severity.WARNING,
          100.0,
          50.0,
          "pid 4242 \"quoted\" ünï",
          Map.of(
              "pid",
              4242,
              "user",
              "zq",
              "cpu_percent",
              99.5,
              "nested",
              Map.of("a", List.of(1, "b"))),
          Instant.parse("2026-11-21T10:00:00.123Z"));
  private static final AlertEvent SPARSE =
      new AlertEvent(
          "ad0c6f1e-0000-4000-8000-000000000000",
          "system",
          null,
          "cpu_temp",
          AlertState.RESOLVED,
          Severity.NOTE,
          null,
          null,
          "cool",
          Map.of(),
          Instant.parse("2026-11-21T10:00:00Z"));
  private static final Batch BATCH =
      new Batch(
          "b-1",
          List.of(
              new Sample("cpu.usage", 1763700000000L, 12.5, Map.of()),
              new Sample(
                  "disk.used_percent",
                  1763700000001L,
                  1e-7,
                  Map.of("mount", "/mnt/usb disk", "device", "/dev/sda1"))));

  @Test
  void eventsAsTheMapperWritesThem() throws Exception {
    assertThat(mapper.readTree(codec.events("pi3", List.of(FULL, SPARSE))))
        .isEqualTo(
            mapper.readTree(
                mapper.writeValueAsBytes(new EventsRequest("pi3", List.of(FULL, SPARSE)))));
  }

  @Test
  void metricsAsTheMapperWritesThem() throws Exception {
    assertThat(mapper.readTree(codec.metrics("pi3", BATCH)))
        .isEqualTo(
            mapper.readTree(
                mapper.writeValueAsBytes(new MetricsRequest("pi3", "b-1", BATCH.samples()))));
  }

  @Test
  void heartbeatAsTheMapperWritesIt() throws Exception {
    Map<String, Object> sysinfo = new LinkedHashMap<>();
    sysinfo.put("hostname", "pi3");
    sysinfo.put("load", List.of(0.5, 0.25, 1.0));
    sysinfo.put("uptime_seconds", 86400L);
    sysinfo.put("vips_held", List.of("10.0.0.100"));
    Heartbeat h = new Heartbeat("pi3", "0.1.0", sysinfo);
    assertThat(mapper.readTree(codec.heartbeat(h)))
        .isEqualTo(mapper.readTree(mapper.writeValueAsBytes(h)));
  }

  private static final ServiceEntry REDIS =
      new ServiceEntry(
          null,
          "redis",
          "6379",
          "dev/cache",
          "critical",
          "down \"quoted\" ünï",
          1765015200000L,
          10,
          List.of("restart", "flush"),
          true);

  @Test
  void heartbeatWithTheFullServiceListAsTheMapperWritesIt() throws Exception {
    Heartbeat h =
        new Heartbeat(
            "pi3",
            "0.1.0",
            Map.of("hostname", "pi3"),
            "0123456789abcdef",
            List.of(
                REDIS, new ServiceEntry(null, "system", "", "", "ok", "", 0, 5, List.of(), false)),
            null,
            null,
            null);
    assertThat(mapper.readTree(codec.heartbeat(h)))
        .isEqualTo(mapper.readTree(mapper.writeValueAsBytes(h)));
    assertThat(
            mapper.readTree(codec.heartbeat(h)).get("services").get(0).get("protected").asBoolean())
        .isTrue();
  }

  @Test
  void heartbeatInTheShortFormAsTheMapperWritesIt() throws Exception {
    Heartbeat h =
        new Heartbeat(
            "pi3",
            "0.1.0",
            Map.of(),
            "0123456789abcdef",
            null,
            "fedcba9876543210",
            List.of(0L, 1765015200000L),
            List.of(REDIS.withIndex(1)));
    assertThat(mapper.readTree(codec.heartbeat(h)))
        .isEqualTo(mapper.readTree(mapper.writeValueAsBytes(h)));
    assertThat(mapper.readTree(codec.heartbeat(h)).get("changed").get(0).get("i").asInt())
        .isEqualTo(1);
  }

  @Test
  void theServiceListIsWhatTheMapperWritesByteForByte() throws Exception {
    List<ServiceEntry> list = List.of(REDIS, REDIS.withIndex(3));
    assertThat(new String(codec.serviceList(list), StandardCharsets.UTF_8))
        .isEqualTo(mapper.writeValueAsString(list));
  }

  @Test
  void heartbeatAnswersAreReadAndAnythingElseIsNone() {
    assertThat(codec.readHeartbeatAnswer("{\"ok\":true,\"services_hash\":\"0123456789abcdef\"}"))
        .contains(new HeartbeatAnswer(true, "0123456789abcdef", false));
    assertThat(codec.readHeartbeatAnswer("{\"ok\":true,\"resend\":true,\"x\":[1,{}]}"))
        .contains(new HeartbeatAnswer(true, null, true));
    assertThat(codec.readHeartbeatAnswer("{\"ok\":true}"))
        .contains(new HeartbeatAnswer(true, null, false));
    assertThat(codec.readHeartbeatAnswer("{\"services_hash\":5,\"resend\":\"yes\"}"))
        .contains(new HeartbeatAnswer(false, null, false));
    assertThat(codec.readHeartbeatAnswer("<html>bad gateway</html>")).isEmpty();
    assertThat(codec.readHeartbeatAnswer("{\"ok\":tr")).isEmpty();
    assertThat(codec.readHeartbeatAnswer("")).isEmpty();
  }

  @Test
  void linesReadBack() throws Exception {
    assertThat(codec.readEvent(new String(codec.eventLine(FULL), StandardCharsets.UTF_8)))
        .usingRecursiveComparison()
        .ignoringFields("details")
        .isEqualTo(FULL);
    assertThat(codec.readEvent(new String(codec.eventLine(FULL), StandardCharsets.UTF_8)).details())
        .containsEntry("pid", 4242)
        .containsEntry("cpu_percent", 99.5);
    assertThat(codec.readEvent(new String(codec.eventLine(SPARSE), StandardCharsets.UTF_8)))
        .isEqualTo(SPARSE);
    assertThat(codec.readBatch(new String(codec.batchLine(BATCH), StandardCharsets.UTF_8)))
        .isEqualTo(BATCH);
    assertThat(mapper.readValue(codec.eventLine(FULL), AlertEvent.class))
        .usingRecursiveComparison()
        .ignoringFields("details")
        .isEqualTo(FULL);
  }

  @Test
  void aBatchWithLogLinesReadsBackAndStillLooksComplete() throws Exception {
    Batch b =
        new Batch(
            "b-logs",
            BATCH.samples(),
            List.of(
                new LogLine("app", "error", 1_763_700_000_000L, "quote \" and \\ and é"),
                new LogLine("boagent", "warning", 1_763_700_000_001L, "\"metric\": in text")));
    String line = new String(codec.batchLine(b), StandardCharsets.UTF_8);
    assertThat(codec.readBatch(line)).isEqualTo(b);
    assertThat(line).endsWith("]}").doesNotContain("\n");
    // A log line's text never counts as a sample (quotes inside strings are escaped).
    assertThat(line.split("\"metric\":", -1)).hasSize(BATCH.samples().size() + 1);
  }

  @Test
  void tornLinesAreErrors() {
    assertThatThrownBy(() -> codec.readBatch("{\"batch_id\":\"x\",\"samples\":[{\"met"))
        .isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> codec.readEvent("{\"event_id\":\"half"))
        .isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> codec.readBatch("{\"samples\":[]}")).hasMessageContaining("batch_id");
  }
}
