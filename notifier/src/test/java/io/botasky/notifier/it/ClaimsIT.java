package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.testkit.MutableClock;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.store.Target;
import io.botasky.notifier.store.TargetClaims;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recipient claims with a lease: one holder, paced by group_wait, taken over when the lease runs
 * out.
 */
class ClaimsIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void oneHolderAtATimeAndADeadOnesClaimExpires(TestDatabase.Engine engine) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    try (Harness h = new Harness(engine, tmp, clock);
        Connection ca = h.ds.getConnection();
        Connection cb = h.ds.getConnection()) {
      boolean skipLocked = h.db.settings().dialect().skipLocked();
      assertThat(skipLocked).isEqualTo(engine == TestDatabase.Engine.MARIADB);
      TargetClaims a = new TargetClaims("a", Duration.ofSeconds(30), skipLocked);
      TargetClaims b = new TargetClaims("b", Duration.ofSeconds(30), skipLocked);
      Target t = new Target("mail", "ops@example.com");

      assertThat(a.claim(ca, t, clock.instant())).isTrue();
      assertThat(b.claim(cb, t, clock.instant())).as("held by a").isFalse();
      assertThat(a.claim(ca, t, clock.instant())).as("not even a twice").isFalse();

      // a sends and releases; group_wait paces the recipient for both.
      a.release(ca, t, clock.instant(), clock.instant().plusSeconds(5));
      assertThat(b.claim(cb, t, clock.instant().plusSeconds(4))).as("within group_wait").isFalse();
      assertThat(b.claim(cb, t, clock.instant().plusSeconds(5))).isTrue();

      // b dies holding the claim: a takes over once the lease has run out, not before.
      assertThat(a.claim(ca, t, clock.instant().plusSeconds(34))).isFalse();
      assertThat(a.claim(ca, t, clock.instant().plusSeconds(36))).isTrue();
      assertThat(h.count("SELECT COUNT(*) FROM notify_targets WHERE claimed_by = 'a'"))
          .isEqualTo(1);

      // A late release by the dead one changes nothing; a stop releases all of a's claims.
      b.release(cb, t, null, null);
      assertThat(h.count("SELECT COUNT(*) FROM notify_targets WHERE claimed_by = 'a'"))
          .isEqualTo(1);
      assertThat(a.releaseAll(ca)).isEqualTo(1);
      assertThat(h.count("SELECT COUNT(*) FROM notify_targets WHERE claimed_by IS NOT NULL"))
          .isZero();
    }
  }
}
