package io.botasky.collector.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer: status, content type, body, and any extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json; charset=utf-8";

  public static Response json(int status, byte[] body) {
    return new Response(status, JSON, body, Map.of());
  }

  public static Response text(int status, String contentType, String body) {
    return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public Response withHeader(String name, String value) {
    java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new Response(status, contentType, body, Map.copyOf(h));
  }
}
