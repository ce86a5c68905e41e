package io.botasky.agent.action;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.botasky.common.text.SafeText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JSON of controlled actions (docs/api.md, "Controlled actions"), with the Jackson streaming
 * API as the agent's {@code WireCodec} (no databind on the agent): the long poll's answer, the
 * report body, and the journal's lines. What the collector sends is hostile until validated: an
 * entry with a field missing, of the wrong type or out of bounds is skipped.
 */
public final class ActionCodec {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  private static final int MAX_FIELD = 255;
  private final JsonFactory factory = new JsonFactory();

  /**
   * A journal line: what happened ({@code received}, {@code started}, {@code finished}, {@code
   * acked}) to the action of {@code r}.
   */
  public record JournalLine(String event, ActionReport r) {}

  /**
   * The actions of a poll's answer {@code {"actions": [{"id", "resource", "instance", "action",
   * "by", "requested_at"}]}}, as requests without a uuid; entries that are not valid are skipped.
   *
   * @throws IOException when {@code body} is not such an object at all
   */
  public List<ActionReport> readPoll(String body) throws IOException {
    List<ActionReport> out = new ArrayList<>();
    try (JsonParser p = factory.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        if (!f.equals("actions")) {
          p.skipChildren();
          continue;
        }
        expect(t, JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_OBJECT) {
          ActionReport r = request(p);
          if (r != null) {
            out.add(r);
          }
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("malformed poll answer: " + e.getMessage(), e);
    }
    return out;
  }

  private static ActionReport request(JsonParser p) throws IOException {
    Long id = null;
    String resource = null;
    String instance = null;
    String action = null;
    String by = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "id" -> id = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
        case "resource" -> resource = text(p, t);
        case "instance" -> instance = text(p, t);
        case "action" -> action = text(p, t);
        case "by" -> by = text(p, t);
        default -> p.skipChildren();
      }
    }
    if (id == null
        || id <= 0
        || resource == null
        || resource.isEmpty()
        || instance == null
        || action == null
        || !NAME.matcher(action).matches()) {
      return null;
    }
    String who = by == null ? "" : SafeText.line(by, 100);
    return new ActionReport(id, null, resource, instance, action, who, null, null, null, null, 0);
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    String s = p.getText();
    return s.length() > MAX_FIELD ? null : s;
  }

  /** {@code POST /api/v1/agent/actions/report} body. */
  public byte[] reports(String host, List<ActionReport> reports) throws IOException {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("host", host);
          g.writeArrayFieldStart("reports");
          for (ActionReport r : reports) {
            report(g, r, null);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** A journal line (without the newline). */
  public byte[] journalLine(String event, ActionReport r) throws IOException {
    return write(g -> report(g, r, event));
  }

  /** Reads a journal line back. */
  public JournalLine readJournalLine(String line) throws IOException {
    try (JsonParser p = factory.createParser(line)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      String event = null;
      Long id = null;
      String uuid = null;
      String resource = null;
      String instance = null;
      String action = null;
      String by = null;
      String state = null;
      Integer exit = null;
      String output = null;
      String reason = null;
      long at = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        switch (f) {
          case "e" -> event = p.getValueAsString();
          case "id" -> id = p.getLongValue();
          case "uuid" -> uuid = p.getValueAsString();
          case "resource" -> resource = p.getValueAsString();
          case "instance" -> instance = p.getValueAsString();
          case "action" -> action = p.getValueAsString();
          case "by" -> by = p.getValueAsString();
          case "state" -> state = p.getValueAsString();
          case "exit_code" -> exit = p.getIntValue();
          case "output" -> output = p.getValueAsString();
          case "reason" -> reason = p.getValueAsString();
          case "at" -> at = p.getLongValue();
          default -> {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
              p.skipChildren();
            }
          }
        }
      }
      if (event == null || uuid == null) {
        throw new IOException("journal line without e or uuid");
      }
      return new JournalLine(
          event,
          new ActionReport(
              id, uuid, resource, instance, action, by, state, exit, output, reason, at));
    } catch (RuntimeException e) {
      throw new IOException("malformed journal line: " + e.getMessage(), e);
    }
  }

  private static void report(JsonGenerator g, ActionReport r, String event) throws IOException {
    g.writeStartObject();
    if (event != null) {
      g.writeStringField("e", event);
    }
    if (r.id() != null) {
      g.writeNumberField("id", r.id());
    }
    field(g, "uuid", r.uuid());
    field(g, "resource", r.resource());
    field(g, "instance", r.instance());
    field(g, "action", r.action());
    field(g, "by", r.by());
    field(g, "state", r.state());
    if (r.exitCode() != null) {
      g.writeNumberField("exit_code", r.exitCode());
    }
    field(g, "output", r.output());
    field(g, "reason", r.reason());
    g.writeNumberField("at", r.at());
    g.writeEndObject();
  }

  private static void field(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

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

  private static void expect(JsonToken got, JsonToken want) throws IOException {
    if (got != want) {
      throw new IOException("expected " + want + ", got " + got);
    }
  }
}
