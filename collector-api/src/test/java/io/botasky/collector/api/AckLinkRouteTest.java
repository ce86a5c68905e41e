package io.botasky.collector.api;

import static io.botasky.collector.testkit.Collector.ADMIN;
import static io.botasky.collector.testkit.Collector.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.botasky.collector.store.AckLinkStore;
import io.botasky.collector.testkit.Collector;
import io.botasky.collector.testkit.Events;
import io.botasky.common.acklink.AckLinkKey;
import io.botasky.common.acklink.AckToken;
import io.botasky.common.acklink.AckTokens;
import io.botasky.common.db.DataSources;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-click ack routes (docs/notifier.md, "One-click ack") on a collector with an injected
 * clock: every row of the page table — GET changes nothing, POST acks once, used, expired, forged,
 * malformed, resolved — and the key's rotation.
 */
class AckLinkRouteTest {
  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final SecureRandom random = new SecureRandom();

  @Test
  void everyPageOfTheLink() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        Collector col = Collector.start(db.settings(), tmp, clock, "");
        HikariDataSource ds = DataSources.open(db.settings(), "test")) {
      AckLinkStore store = new AckLinkStore(ds, clock, random);
      List<AckLinkKey> keys = store.keys();
      assertThat(keys).as("the key made at the first start").hasSize(1);
      AckLinkKey key = keys.get(0);
      assertThat(key.retiredAt()).isNull();

      long id = fire(col, "replication_lag", "<script>alert(1)</script> & \"x\"");
      String link = "/ack/" + sign(key, id, clock.millis() + AckTokens.LIFETIME.toMillis());

      // GET: the alert, escaped, and the button; nothing changes.
      HttpResponse<String> shown = col.get(link, null);
      assertThat(shown.statusCode()).isEqualTo(200);
      assertThat(shown.body())
          .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;")
          .doesNotContain("<script>")
          .contains("mysql:3306")
          .contains("<form method=\"post\">");
      assertThat(shown.headers().firstValue("Content-Security-Policy").orElse(""))
          .startsWith("default-src 'none'");
      assertThat(shown.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(state(col, id)).isEqualTo("firing");
      assertThat(col.count("SELECT COUNT(*) FROM ack_link_uses")).isZero();

      // Malformed, forged, wrong key, expired: a page each, nothing changed.
      byte[] other = new byte[32];
      Arrays.fill(other, (byte) 1);
      String wrongKey =
          "/ack/"
              + sign(
                  new AckLinkKey(key.id(), other, 0, null),
                  id,
                  clock.millis() + AckTokens.LIFETIME.toMillis());
      String expired = "/ack/" + sign(key, id, clock.millis() - 1);
      for (String method : List.of("GET", "POST")) {
        assertPage(send(col, method, "/ack/garbage"), 400, "not an ack link");
        assertPage(send(col, method, "/ack/" + "a".repeat(700) + ".b"), 400, "not an ack link");
        assertPage(send(col, method, wrongKey), 403, "not signed by this collector");
        assertPage(send(col, method, link + "x"), 400, "not an ack link");
        assertPage(send(col, method, expired), 410, "expired");
      }
      assertThat(state(col, id)).isEqualTo("firing");
      assertThat(col.count("SELECT COUNT(*) FROM ack_link_uses")).isZero();

      // Rotation: the old key still verifies its link; a new key signs.
      HttpResponse<String> rotated = col.post("/api/v1/ack-links/rotate", ADMIN, "{}");
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      assertThat(json(rotated).get("retired").asInt()).isEqualTo(1);
      assertThat(col.post("/api/v1/ack-links/rotate", null, "{}").statusCode()).isEqualTo(401);
      assertThat(store.keys()).hasSize(2);
      assertThat(col.get(link, null).statusCode()).isEqualTo(200);

      // POST acks, by the recipient, once.
      HttpResponse<String> acked = send(col, "POST", link);
      assertPage(acked, 200, "Acked by ops@example.com");
      JsonNode a = alert(col, id);
      assertThat(a.get("state").asText()).isEqualTo("acked");
      assertThat(a.get("acked_by").asText()).isEqualTo("ops@example.com");
      assertPage(send(col, "POST", link), 410, "already used by ops@example.com");
      assertPage(col.get(link, null), 410, "already used");

      // Another link to the acked alert: nothing to do, the link is not used up.
      String second =
          "/ack/" + sign(store.keys().get(1), id, clock.millis() + AckTokens.LIFETIME.toMillis());
      assertPage(send(col, "POST", second), 200, "Already acked by ops@example.com");
      assertThat(col.count("SELECT COUNT(*) FROM ack_link_uses")).isEqualTo(1);

      // A resolved alert: 409, nothing stored.
      long gone = fire(col, "io_stopped", "stopped");
      String late =
          "/ack/" + sign(newest(store), gone, clock.millis() + AckTokens.LIFETIME.toMillis());
      HttpResponse<String> res =
          col.post(
              "/api/v1/events",
              ADMIN,
              Events.body(
                  "pi3", Events.event("mysql", "3306", "io_stopped", "resolved", "critical", "")));
      assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
      assertPage(send(col, "POST", late), 409, "resolved");
      assertThat(col.count("SELECT COUNT(*) FROM ack_link_uses")).isEqualTo(1);
    }
  }

  private static AckLinkKey newest(AckLinkStore store) throws Exception {
    return store.keys().stream().filter(k -> k.retiredAt() == null).findFirst().orElseThrow();
  }

  private String sign(AckLinkKey key, long alertId, long expiresAt) {
    byte[] r = new byte[AckTokens.TOKEN_ID_BYTES];
    random.nextBytes(r);
    return AckTokens.sign(
        new AckToken(key.id(), alertId, "ops@example.com", expiresAt, AckTokens.tokenId(r)), key);
  }

  private static HttpResponse<String> send(Collector col, String method, String path)
      throws Exception {
    return method.equals("GET")
        ? col.get(path, null)
        : col.post(path, null, "application/x-www-form-urlencoded", new byte[0]);
  }

  private static void assertPage(HttpResponse<String> r, int status, String says) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains(says);
    assertThat(new String(r.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .doesNotContain("<script");
  }

  private static long fire(Collector col, String check, String summary) throws Exception {
    HttpResponse<String> r =
        col.post(
            "/api/v1/events",
            ADMIN,
            Events.body(
                "pi3", Events.event("mysql", "3306", check, "firing", "critical", summary)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode a : json(col.get("/api/v1/alerts?host=pi3", ADMIN)).get("alerts")) {
      if (a.get("check").asText().equals(check)) {
        return a.get("id").asLong();
      }
    }
    throw new AssertionError("no alert " + check);
  }

  private static JsonNode alert(Collector col, long id) throws Exception {
    for (JsonNode a : json(col.get("/api/v1/alerts?host=pi3", ADMIN)).get("alerts")) {
      if (a.get("id").asLong() == id) {
        return a;
      }
    }
    throw new AssertionError("no alert " + id);
  }

  private static String state(Collector col, long id) throws Exception {
    return alert(col, id).get("state").asText();
  }
}
