package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;

/**
 * The collector's API as the CLI uses it; errors become {@link ApiException} with the server's
 * message.
 */
public final class ApiClient {
  private final HttpClient http;
  private final String baseUrl;
  private final String token;
  private final ObjectMapper json = Json.mapper();

  /** A failed call: HTTP status (0 = no answer) and the message to show. */
  public static final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * @param http from {@link #http}; a program calling the API many times shares one, since a Java
   *     17 client cannot be closed and keeps its idle connections open for minutes
   */
  public ApiClient(String baseUrl, String token, HttpClient http) {
    this.http = http;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** The HTTP client of one CLI run; {@code ssl} null for plain HTTP. */
  public static HttpClient http(SSLContext ssl) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (ssl != null) {
      b.sslContext(ssl);
    }
    return b.build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  public JsonNode get(String path, Map<String, String> query) throws ApiException {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path + q)).GET());
  }

  public JsonNode post(String path, Object body) throws ApiException {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiException(0, "cannot encode request: " + e.getMessage());
    }
  }

  public JsonNode delete(String path) throws ApiException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
  }

  private JsonNode send(HttpRequest.Builder b) throws ApiException {
    if (token != null && !token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> r;
    try {
      r =
          http.send(
              b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.ConnectException e) {
      throw new ApiException(
          0,
          "cannot reach the collector at "
              + baseUrl
              + ": connection refused (is pihealthd running?)");
    } catch (IOException e) {
      throw new ApiException(
          0,
          "cannot reach the collector at "
              + baseUrl
              + ": "
              + (e.getMessage() == null ? e.toString() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted");
    }
    JsonNode body;
    try {
      body = r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
    } catch (IOException e) {
      throw new ApiException(
          r.statusCode(), "unexpected answer (" + r.statusCode() + ") from " + baseUrl);
    }
    if (r.statusCode() >= 300) {
      String msg = body.path("error").asText("HTTP " + r.statusCode());
      throw new ApiException(r.statusCode(), r.statusCode() + ": " + SafeText.line(msg));
    }
    return body;
  }
}
