package io.botasky.notifier.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.db.DataSources;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deliverer's two questions of the ledger, on both engines: which recipients can be sent to
 * now, and when the next one can (docs/notifier.md, "How it finds work").
 */
class LedgerTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void candidatesAndNextDueFollowDueTimesPacingAndClaims(TestDatabase.Engine engine)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(engine, tmp);
        HikariDataSource ds = DataSources.open(db.settings(), "test")) {
      NotifierSchema.migrate(ds, db.settings().dialect());
      Ledger ledger = new Ledger("all");
      long t = NOW.toEpochMilli();
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(true);
        assertThat(ledger.candidates(c, NOW, 10)).isEmpty();
        assertThat(ledger.nextDue(c, NOW)).as("nothing pending").isNull();

        // a: due now; b: due in 30 s; c: due now but paced by group_wait for 5 s; d: sent.
        row(c, "a@x", "pending", t, "all");
        row(c, "b@x", "pending", t + 30_000, "all");
        row(c, "c@x", "pending", t, null);
        row(c, "d@x", "sent", t - 1_000, "all");
        row(c, "e@x", "pending", t, "other team");
        target(c, "c@x", null, t + 5_000);
        assertThat(ledger.candidates(c, NOW, 10)).extracting(Target::target).containsExactly("a@x");
        assertThat(ledger.nextDue(c, NOW)).isEqualTo(NOW.plusSeconds(5));

        // Another instance holds a's recipient until 2 s from now: not a candidate, and its
        // claim's end is the next time to look.
        target(c, "a@x", t + 2_000, null);
        assertThat(ledger.candidates(c, NOW, 10)).isEmpty();
        assertThat(ledger.nextDue(c, NOW)).isEqualTo(NOW.plusMillis(2_001));

        // 10 s on: the claim and the pacing ran out, b is still 20 s away.
        Instant later = NOW.plusSeconds(10);
        assertThat(ledger.candidates(c, later, 10))
            .extracting(Target::target)
            .containsExactlyInAnyOrder("a@x", "c@x");
        assertThat(ledger.nextDue(c, later)).isEqualTo(NOW.plusSeconds(30));
      }
    }
  }

  private static void row(Connection c, String target, String status, long due, String scope)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notifications (alert_id, step, channel, target, status, attempts,"
                + " created_at, due_at, kind, scope, group_wait_ms) VALUES (1, 1, 'mail', ?, ?, 0,"
                + " ?, ?, 'step', ?, 0)")) {
      ps.setString(1, target);
      ps.setString(2, status);
      ps.setLong(3, due);
      ps.setLong(4, due);
      ps.setString(5, scope);
      ps.executeUpdate();
    }
  }

  private static void target(Connection c, String target, Long claimUntil, Long nextSend)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notify_targets (channel, target, claimed_by, claim_until, next_send_at)"
                + " VALUES ('mail', ?, ?, ?, ?)")) {
      ps.setString(1, target);
      ps.setString(2, claimUntil == null ? null : "boird@other");
      if (claimUntil == null) {
        ps.setNull(3, java.sql.Types.BIGINT);
      } else {
        ps.setLong(3, claimUntil);
      }
      if (nextSend == null) {
        ps.setNull(4, java.sql.Types.BIGINT);
      } else {
        ps.setLong(4, nextSend);
      }
      ps.executeUpdate();
    }
  }
}
