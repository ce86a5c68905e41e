package io.botasky.notifier.channel.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.acklink.AckLinkKey;
import io.botasky.common.acklink.AckTokens;
import io.botasky.common.db.DataSources;
import io.botasky.common.db.Migrations;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Alerts;
import io.botasky.notifier.policy.Kind;
import io.botasky.notifier.store.AckLinkKeyReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The links boird puts in FIRING mails (docs/notifier.md, "One-click ack"): one per firing alert,
 * for the mail's recipient, signed with the collector's current key, good for 24 h; none in
 * recoveries, test mails, without public_url or without a key.
 */
class AckLinksTest {
  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Alerts.T0);
  private final AlertFacts a =
      Alerts.facts(42, "pi3", "mysql", "3306", "replication_lag", "critical");
  private final AlertFacts b = Alerts.facts(43, "pi3", "system", "", "cpu_usage", "warning");

  @Test
  void oneSignedLinkPerFiringAlertForTheRecipient() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "test")) {
      Migrations.migrate(ds, db.settings().dialect());
      AckLinks links = new AckLinks(ds, "https://mon.example.com", clock, new SecureRandom());
      Notification n =
          new Notification(
              "mail",
              "ops@example.com",
              List.of(new Item(a, Kind.STEP, 3, 1, 0, 7), new Item(b, Kind.RESOLVED, 2, 0, 0, 8)),
              false,
              "<x>");
      assertThat(links.links(n)).as("no key yet: the mail goes without links").isEmpty();

      try (Connection c = ds.getConnection()) {
        c.createStatement()
            .execute(
                "INSERT INTO ack_link_keys (secret, created_at) VALUES"
                    + " ('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 0)");
      }
      Map<Long, String> got = links.links(n);
      assertThat(got).containsOnlyKeys(42L);
      String link = got.get(42L);
      assertThat(link).startsWith("https://mon.example.com/ack/");
      AckLinkKey key;
      try (Connection c = ds.getConnection()) {
        key = new AckLinkKeyReader().signingKey(c).orElseThrow();
      }
      AckTokens.Verdict v =
          AckTokens.verify(link.substring(link.lastIndexOf('/') + 1), List.of(key), clock);
      assertThat(v.outcome()).isEqualTo(AckTokens.Outcome.VALID);
      assertThat(v.token().alertId()).isEqualTo(42);
      assertThat(v.token().recipient()).isEqualTo("ops@example.com");
      assertThat(v.token().expiresAt()).isEqualTo(clock.millis() + AckTokens.LIFETIME.toMillis());
      assertThat(links.links(n).get(42L)).as("a fresh token id each time").isNotEqualTo(link);

      // The renderer shows it in both parts.
      MailRenderer r = new MailRenderer("pi1");
      assertThat(r.text(n, got)).contains("  ack in one click: " + link + "\n");
      assertThat(r.html(n, got)).contains("<a href=\"" + link + "\">ack</a>");
      assertThat(r.text(n)).doesNotContain("ack in one click");

      // None for a test mail, a recipient an ack's `by` cannot hold, or without public_url.
      assertThat(links.links(new Notification("mail", "x@y.z", List.of(), true, "<t>"))).isEmpty();
      Notification longAddress =
          new Notification(
              "mail",
              "x".repeat(130) + "@example.com",
              List.of(new Item(a, Kind.STEP, 3, 1, 0, 7)),
              false,
              "<l>");
      assertThat(links.links(longAddress)).isEmpty();
      AckLinks off = new AckLinks(ds, "", clock, new SecureRandom());
      assertThat(off.enabled()).isFalse();
      assertThat(off.links(n)).isEmpty();
      assertThat(AckLinks.none().links(n)).isEmpty();
    }
  }
}
