package io.botasky.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.botasky.common.conf.CollectorAddress;
import io.botasky.common.wire.Json;
import io.botasky.notifier.channel.action.ActionChannel;
import io.botasky.notifier.policy.Alerts;
import io.botasky.notifier.policy.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The action channel against a stand-in collector on loopback: the request boird makes, and which
 * answers count as sent, failed for good or worth a retry (docs/notifier.md).
 */
class ActionChannelTest {
  private final ObjectMapper json = Json.mapper();
  private final AtomicReference<String> body = new AtomicReference<>();
  private final AtomicReference<String> auth = new AtomicReference<>();
  private final AtomicInteger status = new AtomicInteger(202);
  private final AtomicReference<String> answer =
      new AtomicReference<>("{\"action\":{\"id\":5,\"state\":\"pending\"}}");
  private HttpServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/actions",
        ex -> {
          body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          auth.set(ex.getRequestHeaders().getFirst("Authorization"));
          byte[] b = answer.get().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status.get(), b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ActionChannel channel(CollectorAddress at) {
    return new ActionChannel(HttpClient.newHttpClient(), at, Duration.ofSeconds(2), json);
  }

  private static Notification restart() {
    Item i =
        new Item(
            Alerts.facts(42, "pi3", "redis", "6379", "down", "critical"), Kind.STEP, 3, 2, 0, 9);
    return new Notification("action", "restart", List.of(i), false, "<x>");
  }

  @Test
  void requestsTheActionOnTheAlertsOwnServiceAsBoirdWithTheAdminToken() throws Exception {
    channel(new CollectorAddress(url, "adm1n", null)).send(restart());
    JsonNode b = json.readTree(body.get());
    assertThat(b.path("host").asText()).isEqualTo("pi3");
    assertThat(b.path("resource").asText()).isEqualTo("redis");
    assertThat(b.path("instance").asText()).isEqualTo("6379");
    assertThat(b.path("action").asText()).isEqualTo("restart");
    assertThat(b.path("by").asText()).isEqualTo("boird");
    assertThat(b.path("comment").asText()).isEqualTo("alert 42 step 2");
    assertThat(b.path("alert_id").asLong()).isEqualTo(42);
    assertThat(auth.get()).isEqualTo("Bearer adm1n");
  }

  @Test
  void aConflictMeansOneIsAlreadyUnderWayAndCountsAsSent() throws Exception {
    status.set(409);
    answer.set("{\"error\":\"an action is already pending or running on redis:6379\"}");
    channel(new CollectorAddress(url, "adm1n", null)).send(restart());
  }

  @Test
  void aRefusalIsFinalWithTheCollectorsReason() {
    status.set(400);
    answer.set("{\"error\":\"redis:6379 offers no action \\\"restart\\\"\",\"field\":\"action\"}");
    assertThatThrownBy(() -> channel(new CollectorAddress(url, "adm1n", null)).send(restart()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("action restart on pi3 redis:6379: 400")
        .hasMessageContaining("offers no action");
  }

  @Test
  void aServerErrorOrNoAnswerIsRetried() {
    status.set(503);
    answer.set("{\"error\":\"database unavailable\"}");
    assertThatThrownBy(() -> channel(new CollectorAddress(url, "adm1n", null)).send(restart()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    server.stop(0);
    assertThatThrownBy(() -> channel(new CollectorAddress(url, "adm1n", null)).send(restart()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("cannot reach the collector");
  }

  @Test
  void withoutACollectorAddressEveryRequestFailsForGood() {
    assertThatThrownBy(() -> channel(null).send(restart()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("no collector address");
  }
}
