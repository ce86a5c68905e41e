package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Json;
import io.botasky.notifier.testing.Daemons;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One-click ack (docs/notifier.md) through the real daemons: the link taken from the real FIRING
 * mail in GreenMail, opened with an HTTP client. GET shows the alert and changes nothing (also
 * after a key rotation), POST acks it as the mail's recipient, a second POST says the link was
 * used, a forged or malformed token says so and changes nothing.
 */
class OneClickAckIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final Pattern LINK = Pattern.compile("ack in one click: (\\S+)");

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = Json.mapper();
  private final String token = UUID.randomUUID().toString();
  private int port;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void linkFromTheMailGetShowsPostAcksOnceForgedRefused(TestDatabase.Engine engine)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp)) {
      port = Daemon.freePort();
      Files.writeString(
          tmp.resolve("escalation.conf"),
          """
          [contacts oncall]
          mail = ops@example.com
          [policy default]
          step1 = 0s mail oncall
          repeat = 1h
          group_wait = 0s
          """);
      Path conf =
          Daemons.conf(
              tmp,
              db.settings(),
              Map.of(
                  "client_port",
                  String.valueOf(port),
                  "bind",
                  "127.0.0.1",
                  "admin_token",
                  token,
                  "public_url",
                  "http://127.0.0.1:" + port + "/",
                  "smtp_host",
                  "127.0.0.1",
                  "smtp_port",
                  String.valueOf(smtp.getSmtp().getPort()),
                  "poll_interval",
                  "300ms"));
      Process collector = Daemons.start("pihealthd", conf, tmp.resolve("pihealthd.out"));
      Process notifier = null;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        notifier = Daemons.start("boird", conf, tmp.resolve("boird.out"));
        await().atMost(Duration.ofSeconds(60)).until(() -> log("boird.log").contains("ready:"));

        assertThat(api("POST", "/api/v1/events", events()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= 1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).startsWith("[botasky] CRITICAL FIRING pi3");
        String text = part(mail, 0);
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        String link = m.group(1);
        assertThat(link).startsWith("http://127.0.0.1:" + port + "/ack/");
        assertThat(part(mail, 1)).contains("<a href=\"" + link + "\">ack</a>");
        long id = alert().get("id").asLong();

        // GET shows the alert and the button, and changes nothing.
        HttpResponse<String> shown = send("GET", link);
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        assertThat(shown.body())
            .contains("pi3")
            .contains("mysql:3306")
            .contains("replication_lag")
            .contains("critical")
            .contains("lag 42 s &gt; 30 s")
            .contains("<form method=\"post\">")
            .contains("Ack as ops@example.com");
        assertThat(shown.headers().firstValue("Content-Security-Policy").orElse(""))
            .contains("default-src 'none'");
        assertThat(shown.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(alert().get("state").asText()).isEqualTo("firing");

        // After a rotation the old key still verifies its link.
        HttpResponse<String> rotated = api("POST", "/api/v1/ack-links/rotate", "{}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(json.readTree(rotated.body()).get("retired").asInt()).isEqualTo(1);
        assertThat(rotated.body()).doesNotContain("secret");
        assertThat(send("GET", link).statusCode()).isEqualTo(200);

        // Forged (signature changed) and malformed tokens: a clear page, nothing changed.
        String sig = link.substring(link.lastIndexOf('.') + 1);
        String forged =
            link.substring(0, link.lastIndexOf('.') + 1)
                + (sig.charAt(0) == 'A' ? 'B' : 'A')
                + sig.substring(1);
        for (String method : new String[] {"GET", "POST"}) {
          HttpResponse<String> f = send(method, forged);
          assertThat(f.statusCode()).isEqualTo(403);
          assertThat(f.body()).contains("not signed by this collector");
          HttpResponse<String> bad = send(method, "http://127.0.0.1:" + port + "/ack/%3Cb%3Ex.y");
          assertThat(bad.statusCode()).isEqualTo(400);
          assertThat(bad.body()).contains("not an ack link").doesNotContain("<b>x");
        }
        assertThat(alert().get("state").asText()).isEqualTo("firing");

        // POST acks it, by the mail's recipient.
        HttpResponse<String> acked = send("POST", link);
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(acked.body()).contains("Acked by ops@example.com");
        JsonNode a = alert();
        assertThat(a.get("state").asText()).isEqualTo("acked");
        assertThat(a.get("acked_by").asText()).isEqualTo("ops@example.com");
        assertThat(a.get("id").asLong()).isEqualTo(id);

        // A second POST (and a GET) say the link was used.
        HttpResponse<String> again = send("POST", link);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("already used by ops@example.com");
        assertThat(send("GET", link).statusCode()).isEqualTo(410);

        // The link is a credential: neither daemon logged it.
        String tokenPart = link.substring(link.lastIndexOf('/') + 1);
        assertThat(log("pihealthd.log")).doesNotContain(tokenPart);
        assertThat(log("boird.log")).doesNotContain(tokenPart);
      } finally {
        if (notifier != null) {
          notifier.destroy();
          if (!notifier.waitFor(10, TimeUnit.SECONDS)) {
            notifier.destroyForcibly();
          }
        }
        collector.destroy();
        if (!collector.waitFor(15, TimeUnit.SECONDS)) {
          collector.destroyForcibly();
        }
      }
    }
  }

  private static String part(MimeMessage m, int i) throws Exception {
    MimeMultipart mp = (MimeMultipart) m.getContent();
    return mp.getBodyPart(i).getContent().toString();
  }

  private JsonNode alert() throws Exception {
    HttpResponse<String> r = api("GET", "/api/v1/alerts?host=pi3", null);
    return json.readTree(r.body()).get("alerts").get(0);
  }

  private String events() {
    return "{\"host\":\"pi3\",\"events\":[{\"event_id\":\""
        + UUID.randomUUID()
        + "\",\"resource\":\"mysql\",\"instance\":\"3306\","
        + "\"check\":\"replication_lag\",\"state\":\"firing\",\"severity\":\"critical\","
        + "\"value\":42,\"threshold\":30,\"summary\":\"lag 42 s > 30 s\",\"details\":{},"
        + "\"observed_at\":\""
        + Instant.now()
        + "\"}]}";
  }

  private String log(String name) throws Exception {
    Path p = tmp.resolve(name);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  /** A browser's request: no token, a form POST with an empty body. */
  private HttpResponse<String> send(String method, String url) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    b =
        method.equals("POST")
            ? b.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody())
            : b.GET();
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> api(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token);
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
