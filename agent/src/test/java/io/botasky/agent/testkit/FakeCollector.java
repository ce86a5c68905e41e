package io.botasky.agent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.botasky.common.wire.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-process stand-in for the collector's write API on loopback: records every request and
 * answers 200, or what a test queued for a path (status, Retry-After, body).
 */
public final class FakeCollector implements AutoCloseable {
  private final HttpServer server;
  private final ObjectMapper json = Json.mapper();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, Function<JsonNode, Answer>> responders = new ConcurrentHashMap<>();

  /** One request as received; {@code query} is the raw query string, or null. */
  public record Request(
      String path, String authorization, JsonNode body, int status, String query) {}

  /** A queued answer. */
  public record Answer(int status, String retryAfter, String body) {}

  public FakeCollector() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          byte[] in = ex.getRequestBody().readAllBytes();
          Deque<Answer> q = answers.get(path);
          Answer a = null;
          if (q != null) {
            synchronized (q) {
              a = q.pollFirst();
            }
          }
          // A GET (the action poll) has no body.
          JsonNode body = in.length == 0 ? json.nullNode() : json.readTree(in);
          if (a == null && responders.containsKey(path)) {
            a = responders.get(path).apply(body);
          }
          if (a == null) {
            a = new Answer(200, null, "{}");
          }
          requests.add(
              new Request(
                  path,
                  ex.getRequestHeaders().getFirst("Authorization"),
                  body,
                  a.status(),
                  ex.getRequestURI().getRawQuery()));
          if (a.retryAfter() != null) {
            ex.getResponseHeaders().add("Retry-After", a.retryAfter());
          }
          byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(a.status(), out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Queues answers for the next requests to {@code path}. */
  public void answer(String path, Answer... list) {
    Deque<Answer> q = answers.computeIfAbsent(path, k -> new ArrayDeque<>());
    synchronized (q) {
      q.addAll(List.of(list));
    }
  }

  /**
   * Answers requests to {@code path} that no queued answer is left for from their body: a collector
   * that decides, e.g. one that acknowledges a heartbeat's service list.
   */
  public void respond(String path, Function<JsonNode, Answer> responder) {
    responders.put(path, responder);
  }

  /**
   * A heartbeat answer of a collector that applies every service list it gets (docs/api.md,
   * "Service inventory"): it holds the hash that came.
   */
  public static Answer acknowledgeServices(JsonNode heartbeat) {
    JsonNode h = heartbeat.get("services_hash");
    return new Answer(
        200,
        null,
        h == null ? "{\"ok\":true}" : "{\"ok\":true,\"services_hash\":\"" + h.asText() + "\"}");
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
