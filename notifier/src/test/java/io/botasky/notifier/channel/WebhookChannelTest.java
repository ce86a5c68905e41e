package io.botasky.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.botasky.common.wire.Json;
import io.botasky.notifier.NotifierWiring;
import io.botasky.notifier.channel.webhook.WebhookChannel;
import io.botasky.notifier.policy.Alerts;
import io.botasky.notifier.policy.Contact;
import io.botasky.notifier.policy.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook channel against a real HTTP server on loopback: bodies per preset and retry
 * classification.
 */
class WebhookChannelTest {
  private final ObjectMapper json = Json.mapper();
  private final AtomicReference<String> body = new AtomicReference<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<String> answer = new AtomicReference<>("{\"ok\":true}");
  private HttpServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          if (status.get() / 100 == 3) {
            ex.getResponseHeaders()
                .add("Location", "https://evil.example:8443/robot/send?access_token=stolen");
          }
          byte[] b = answer.get().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status.get(), b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  Channel channel(String format) {
    return new WebhookChannel(
        NotifierWiring.webhookClient(Duration.ofSeconds(2)),
        Map.of("chat", new Contact("chat", List.of(), url, format)),
        Duration.ofSeconds(2),
        "pi1",
        json);
  }

  Notification n() {
    return new Notification(
        "webhook",
        "chat",
        List.of(
            new Item(
                Alerts.facts(42, "pi3", "mysql", "3306", "replication_lag", "critical"),
                Kind.STEP,
                3,
                2,
                0,
                1)),
        false,
        "<id>");
  }

  @Test
  void jsonCarriesEveryField() throws Exception {
    channel("json").send(n());
    JsonNode b = json.readTree(body.get());
    assertThat(b.get("subject").asText())
        .isEqualTo("[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag");
    assertThat(b.get("alerts").get(0).get("id").asLong()).isEqualTo(42);
    assertThat(b.get("alerts").get(0).get("state").asText()).isEqualTo("firing");
  }

  @Test
  void slackDingtalkAndWecomPresets() throws Exception {
    channel("slack").send(n());
    assertThat(json.readTree(body.get()).get("text").asText())
        .startsWith("[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag");
    answer.set("{\"errcode\":0,\"errmsg\":\"ok\"}");
    channel("dingtalk").send(n());
    assertThat(json.readTree(body.get()).get("msgtype").asText()).isEqualTo("text");
    assertThat(json.readTree(body.get()).get("text").get("content").asText())
        .contains("botasky ack 42");
    channel("wecom").send(n());
    assertThat(json.readTree(body.get()).get("text").get("content").asText())
        .contains("mysql:3306");
  }

  @Test
  void aChatMessageListsTwentyAlertsAndCountsTheRest() throws Exception {
    List<Item> many = new java.util.ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      many.add(
          new Item(
              Alerts.facts(i, "pi" + i, "process", "p" + i, "process_down", "critical"),
              Kind.STEP,
              3,
              1,
              0,
              i));
    }
    channel("slack").send(new Notification("webhook", "chat", many, false, "<g>"));
    String text = json.readTree(body.get()).get("text").asText();
    assertThat(text.lines()).hasSize(22);
    assertThat(text)
        .startsWith("[botasky] CRITICAL FIRING pi1 process:p1 process_down (+24 more)")
        .endsWith("… and 5 more (botasky alerts --state firing)");
  }

  @Test
  void retryOnlyWhereItCanHelp() {
    status.set(503);
    assertThatThrownBy(() -> channel("json").send(n()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    status.set(429);
    assertThatThrownBy(() -> channel("json").send(n()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    status.set(404);
    assertThatThrownBy(() -> channel("json").send(n()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
    status.set(200);
    answer.set("{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}");
    assertThatThrownBy(() -> channel("dingtalk").send(n()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("errcode 310000");
            });
    answer.set("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");
    assertThatThrownBy(() -> channel("wecom").send(n()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void aDeadEndpointIsRetryable() {
    server.stop(0);
    assertThatThrownBy(() -> channel("json").send(n()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void aRedirectIsAFinalFailureAndItsLocationIsNotShown() {
    for (int code : new int[] {301, 302, 307, 308}) {
      status.set(code);
      assertThatThrownBy(() -> channel("json").send(n()))
          .isInstanceOfSatisfying(
              DeliveryException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage())
                    .contains(
                        "HTTP " + code + " redirect to https://evil.example:8443/… not followed")
                    .doesNotContain("stolen", "robot/send");
              });
    }
  }

  @Test
  void hostileAlertFieldsAreOneLineInEveryPreset() throws Exception {
    Notification h =
        new Notification(
            "webhook",
            "chat",
            List.of(new Item(RenderTest.hostile(), Kind.STEP, 3, 1, 0, 1)),
            false,
            "<h>");
    channel("json").send(h);
    JsonNode a = json.readTree(body.get()).get("alerts").get(0);
    for (String f : List.of("host", "instance", "summary")) {
      assertThat(a.get(f).asText())
          .as(f)
          .doesNotContain("\n", "\r", "\u001b", "\u009b", "\u2028", "\u202e");
    }
    channel("slack").send(h);
    String text = json.readTree(body.get()).get("text").asText();
    assertThat(text.lines()).hasSize(2).noneMatch(l -> l.startsWith("FORGED"));
    assertThat(text).doesNotContain("\u001b", "\u009b", "\u2028", "\u202e");
  }
}
