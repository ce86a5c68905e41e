package io.botasky.agent.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.HeartbeatAnswer;
import io.botasky.common.wire.LogLine;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.ServiceEntry;
import io.botasky.common.wire.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's JSON: the wire types of {@code io.botasky.common.wire} written and read with the
 * Jackson streaming API, producing what {@code Json.mapper()} produces (snake_case, RFC 3339 times,
 * nulls and empty labels left out). Databind costs the agent some 600 classes and megabytes of
 * metaspace for four record types; on a 1 GB Pi the agent's footprint matters more than the
 * convenience. A test pins the equivalence with {@code Json.mapper()}.
 */
public final class WireCodec {
  private final JsonFactory factory = new JsonFactory();

  /** {@code POST /api/v1/metrics} body. */
  public byte[] metrics(String host, Batch b) throws IOException {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("host", host);
          g.writeStringField("batch_id", b.batchId());
          samples(g, b.samples());
          g.writeEndObject();
        });
  }

  /**
   * {@code POST /api/v1/logs} body: {@code lines} under {@code batchId} (docs/api.md, "Log view").
   */
  public byte[] logs(String host, String batchId, List<LogLine> lines) throws IOException {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("host", host);
          g.writeStringField("batch_id", batchId);
          logLines(g, lines);
          g.writeEndObject();
        });
  }

  /** {@code POST /api/v1/events} body. */
  public byte[] events(String host, List<AlertEvent> events) throws IOException {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("host", host);
          g.writeArrayFieldStart("events");
          for (AlertEvent e : events) {
            event(g, e);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** {@code POST /api/v1/heartbeat} body. */
  public byte[] heartbeat(Heartbeat h) throws IOException {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("host", h.host());
          if (h.agentVersion() != null) {
            g.writeStringField("agent_version", h.agentVersion());
          }
          if (h.sysinfo() != null) {
            g.writeFieldName("sysinfo");
            value(g, h.sysinfo());
          }
          field(g, "services_hash", h.servicesHash());
          if (h.services() != null) {
            g.writeFieldName("services");
            services(g, h.services());
          }
          field(g, "base_hash", h.baseHash());
          if (h.checks() != null) {
            g.writeArrayFieldStart("checks");
            for (Long c : h.checks()) {
              g.writeNumber(c);
            }
            g.writeEndArray();
          }
          if (h.changed() != null) {
            g.writeFieldName("changed");
            services(g, h.changed());
          }
          g.writeEndObject();
        });
  }

  /**
   * A list of services as a JSON array, as {@code Json.mapper()} writes it: what the inventory's
   * hash is taken over (docs/agent.md, "Service inventory").
   */
  public byte[] serviceList(List<ServiceEntry> list) throws IOException {
    return write(g -> services(g, list));
  }

  /**
   * The collector's answer to a heartbeat; empty when {@code body} is no JSON object (an old
   * collector's or a proxy's page). Unknown fields are skipped; a field of the wrong type counts as
   * absent.
   */
  public Optional<HeartbeatAnswer> readHeartbeatAnswer(String body) {
    try (JsonParser p = factory.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      Map<String, Object> m = readObject(p);
      return Optional.of(
          new HeartbeatAnswer(
              Boolean.TRUE.equals(m.get("ok")),
              m.get("services_hash") instanceof String h ? h : null,
              Boolean.TRUE.equals(m.get("resend"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A data-file line: {@code {"batch_id": …, "samples": […]}} (without the newline). */
  public byte[] batchLine(Batch b) throws IOException {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("batch_id", b.batchId());
          samples(g, b.samples());
          if (!b.logs().isEmpty()) {
            // After the samples, so the line still ends in "]}" (DataLines.looksComplete).
            logLines(g, b.logs());
          }
          g.writeEndObject();
        });
  }

  /** An event-journal line (without the newline). */
  public byte[] eventLine(AlertEvent e) throws IOException {
    return write(g -> event(g, e));
  }

  /** Reads a data-file line back. */
  public Batch readBatch(String line) throws IOException {
    try (JsonParser p = factory.createParser(line)) {
      expect(p, JsonToken.START_OBJECT);
      String id = null;
      List<Sample> samples = new ArrayList<>();
      List<LogLine> logs = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        switch (f) {
          case "batch_id" -> id = p.getValueAsString();
          case "samples" -> {
            checkToken(p, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              samples.add(sample(p));
            }
          }
          case "lines" -> {
            checkToken(p, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              logs.add(logLine(p));
            }
          }
          default -> p.skipChildren();
        }
      }
      if (id == null) {
        throw new IOException("batch line without batch_id");
      }
      return new Batch(id, samples, logs);
    } catch (RuntimeException e) {
      throw new IOException("malformed batch line: " + e.getMessage(), e);
    }
  }

  /** Reads an event-journal line back. */
  public AlertEvent readEvent(String line) throws IOException {
    try (JsonParser p = factory.createParser(line)) {
      expect(p, JsonToken.START_OBJECT);
      Map<String, Object> m = readObject(p);
      Object sev = m.get("severity");
      Object state = m.get("state");
      Object at = m.get("observed_at");
      @SuppressWarnings("unchecked")
      Map<String, Object> details =
          m.get("details") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
      return new AlertEvent(
          str(m.get("event_id")),
          str(m.get("resource")),
          str(m.get("instance")),
          str(m.get("check")),
          state == null ? null : AlertState.parse(state.toString()).orElseThrow(),
          sev == null ? null : Severity.parse(sev.toString()).orElseThrow(),
          num(m.get("value")),
          num(m.get("threshold")),
          str(m.get("summary")),
          details,
          at == null ? null : Instant.parse(at.toString()));
    } catch (RuntimeException e) {
      throw new IOException("malformed event line: " + e.getMessage(), e);
    }
  }

  // ---- writing ----

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private byte[] write(Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = factory.createGenerator(out)) {
      body.write(g);
    }
    return out.toByteArray();
  }

  private static void samples(JsonGenerator g, List<Sample> samples) throws IOException {
    g.writeArrayFieldStart("samples");
    for (Sample s : samples) {
      g.writeStartObject();
      g.writeStringField("metric", s.metric());
      g.writeNumberField("ts", s.ts());
      g.writeNumberField("value", s.value());
      if (s.labels() != null && !s.labels().isEmpty()) {
        g.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> l : s.labels().entrySet()) {
          g.writeStringField(l.getKey(), l.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void logLines(JsonGenerator g, List<LogLine> lines) throws IOException {
    g.writeArrayFieldStart("lines");
    for (LogLine l : lines) {
      g.writeStartObject();
      g.writeStringField("source", l.source());
      g.writeStringField("level", l.level());
      g.writeNumberField("ts", l.ts());
      g.writeStringField("line", l.line());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void event(JsonGenerator g, AlertEvent e) throws IOException {
    g.writeStartObject();
    field(g, "event_id", e.eventId());
    field(g, "resource", e.resource());
    field(g, "instance", e.instance());
    field(g, "check", e.check());
    field(g, "state", e.state() == null ? null : e.state().wire());
    field(g, "severity", e.severity() == null ? null : e.severity().wire());
    if (e.value() != null) {
      g.writeNumberField("value", e.value());
    }
    if (e.threshold() != null) {
      g.writeNumberField("threshold", e.threshold());
    }
    field(g, "summary", e.summary());
    if (e.details() != null) {
      g.writeFieldName("details");
      value(g, e.details());
    }
    field(g, "observed_at", e.observedAt() == null ? null : e.observedAt().toString());
    g.writeEndObject();
  }

  private static void services(JsonGenerator g, List<ServiceEntry> list) throws IOException {
    g.writeStartArray();
    for (ServiceEntry e : list) {
      g.writeStartObject();
      if (e.i() != null) {
        g.writeNumberField("i", e.i());
      }
      field(g, "resource", e.resource());
      field(g, "instance", e.instance());
      field(g, "group", e.group());
      field(g, "state", e.state());
      field(g, "summary", e.summary());
      g.writeNumberField("last_check", e.lastCheck());
      g.writeNumberField("interval", e.interval());
      if (e.actions() != null) {
        g.writeArrayFieldStart("actions");
        for (String a : e.actions()) {
          g.writeString(a);
        }
        g.writeEndArray();
      }
      g.writeBooleanField("protected", e.protectedService());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void field(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** The free-form values of details and sysinfo: maps, lists, strings, numbers, booleans. */
  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> it) {
      g.writeStartArray();
      for (Object o : it) {
        value(g, o);
      }
      g.writeEndArray();
    } else {
      g.writeString(v.toString());
    }
  }

  // ---- reading ----

  private static Sample sample(JsonParser p) throws IOException {
    String metric = null;
    long ts = 0;
    double value = 0;
    Map<String, String> labels = Map.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "metric" -> metric = p.getValueAsString();
        case "ts" -> ts = p.getLongValue();
        case "value" -> value = p.getDoubleValue();
        case "labels" -> {
          checkToken(p, JsonToken.START_OBJECT);
          Map<String, String> l = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            l.put(k, p.getValueAsString());
          }
          labels = l;
        }
        default -> p.skipChildren();
      }
    }
    if (metric == null) {
      throw new IOException("sample without metric");
    }
    return new Sample(metric, ts, value, labels);
  }

  private static LogLine logLine(JsonParser p) throws IOException {
    Map<String, Object> m = readObject(p);
    if (!(m.get("ts") instanceof Number ts) || m.get("line") == null) {
      throw new IOException("log line without ts or line");
    }
    return new LogLine(
        str(m.get("source")), str(m.get("level")), ts.longValue(), str(m.get("line")));
  }

  private static Map<String, Object> readObject(JsonParser p) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      p.nextToken();
      m.put(k, readValue(p));
    }
    return m;
  }

  private static Object readValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new IOException("truncated JSON");
    }
    return switch (t) {
      case START_OBJECT -> readObject(p);
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(readValue(p));
        }
        yield l;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT ->
          p.getLongValue() <= Integer.MAX_VALUE && p.getLongValue() >= Integer.MIN_VALUE
              ? (Object) p.getIntValue()
              : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected " + t);
    };
  }

  private static void expect(JsonParser p, JsonToken t) throws IOException {
    p.nextToken();
    checkToken(p, t);
  }

  private static void checkToken(JsonParser p, JsonToken t) throws IOException {
    if (p.currentToken() != t) {
      throw new IOException("expected " + t + ", got " + p.currentToken());
    }
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static Double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}
