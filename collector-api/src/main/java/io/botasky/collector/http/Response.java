package io.botasky.collector.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP answer: status, content type, body, and any extra headers. With {@code stream} set, the
 * body is ignored and the connection stays open as a Server-Sent Events stream fed by the opener.
 */
public record Response(
    int status, String contentType, byte[] body, Map<String, String> headers, StreamOpener stream) {
  public static final String JSON = "application/json; charset=utf-8";

  /** Takes over an event stream once its headers are sent. */
  @FunctionalInterface
  public interface StreamOpener {
    void open(EventStream stream);
  }

  public Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    this(status, contentType, body, headers, null);
  }

  public static Response json(int status, byte[] body) {
    return new Response(status, JSON, body, Map.of());
  }

  public static Response text(int status, String contentType, String body) {
    return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** A Server-Sent Events stream ({@code text/event-stream}). */
  public static Response eventStream(StreamOpener opener) {
    return new Response(
        200,
        "text/event-stream; charset=utf-8",
        new byte[0],
        Map.of("Cache-Control", "no-cache"),
        opener);
  }

  public Response withHeader(String name, String value) {
    java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new Response(status, contentType, body, Map.copyOf(h), stream);
  }
}
