package io.botasky.collector.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.common.wire.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a request body into a JSON object, or the contract's 415/400. The parser refuses, as it
 * reads, what no valid body has: nesting deeper than {@value #MAX_DEPTH}, a string longer than
 * {@value #MAX_STRING} characters (the largest field, sysinfo, is 64 KiB), a number longer than
 * {@value #MAX_NUMBER} digits, a document longer than {@code max_body}.
 */
public final class JsonBodies {
  static final int MAX_DEPTH = 32;
  static final int MAX_STRING = 65_536;
  static final int MAX_NUMBER = 100;

  private final ObjectMapper mapper;

  /** With the default {@code max_body} (1 MiB); tests. */
  public JsonBodies() {
    this(1L << 20);
  }

  public JsonBodies(long maxBody) {
    this.mapper = Json.mapper();
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING)
                .maxNumberLength(MAX_NUMBER)
                .maxDocumentLength(maxBody)
                .build());
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * The body as a JSON object: 415 unless JSON, 400 for invalid UTF-8, bad JSON or a non-object.
   */
  public JsonNode object(Request r) {
    String ct = r.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!(ct.startsWith("application/json")
        || ct.startsWith("application/") && ct.contains("+json"))) {
      throw new HttpError(415, null, "expected Content-Type: application/json");
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(r.body()));
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest(null, "body is not valid UTF-8");
    }
    JsonNode node;
    try {
      node = mapper.readTree(r.body());
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest(null, "malformed JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw HttpError.badRequest(null, "malformed JSON");
    }
    if (node == null || !node.isObject()) {
      throw HttpError.badRequest(null, "expected a JSON object");
    }
    return node;
  }

  /** Compact JSON text of a node. */
  public String write(JsonNode n) {
    try {
      return mapper.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree always serialises", e);
    }
  }

  public byte[] bytes(Object o) {
    try {
      return mapper.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }
}
