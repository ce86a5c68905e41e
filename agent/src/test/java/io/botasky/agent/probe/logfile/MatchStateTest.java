package io.botasky.agent.probe.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** match/ignore, firing until quiet, and the summary's count and latest line. */
class MatchStateTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private final MatchState s =
      new MatchState(
          "mysql_errors",
          Pattern.compile("\\[ERROR\\]"),
          Pattern.compile("harmless"),
          Severity.CRITICAL,
          Duration.ofMinutes(10));

  @Test
  void matchCountsUnlessIgnoreMatchesToo() {
    assertThat(s.counts("2026 [ERROR] InnoDB crashed")).isTrue();
    assertThat(s.counts("2026 [ERROR] harmless noise")).isFalse();
    assertThat(s.counts("2026 [Note] fine")).isFalse();
  }

  @Test
  void firesWithTheLatestLineAndCountThenResolvesAfterQuiet() {
    assertThat(s.outcome(T0, null).ok()).isTrue();
    s.matched("[ERROR] one", T0);
    s.matched("[ERROR] two", T0.plusSeconds(60));
    CheckOutcome firing = s.outcome(T0.plusSeconds(61), null);
    assertThat(firing.ok()).isFalse();
    assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(firing.check()).isEqualTo("pattern_matched");
    assertThat(firing.instance()).isEqualTo("mysql_errors");
    assertThat(firing.summary()).startsWith("2 matching lines since").endsWith("[ERROR] two");
    // Quiet counts from the last matching line.
    assertThat(s.outcome(T0.plusSeconds(60 + 599), null).ok()).isFalse();
    CheckOutcome resolved = s.outcome(T0.plusSeconds(60 + 600), null);
    assertThat(resolved.ok()).isTrue();
    assertThat(resolved.summary()).contains("no matching line for 600 s", "[ERROR] two");
  }

  @Test
  void theCountStartsAgainAtTheNextFiring() {
    s.matched("[ERROR] one", T0);
    s.matched("[ERROR] again", T0.plus(Duration.ofHours(1)));
    assertThat(s.outcome(T0.plus(Duration.ofHours(1)), null).summary())
        .startsWith("1 matching line since");
  }

  @Test
  void theSummaryStaysWithin512Characters() {
    s.matched("[ERROR] " + "x".repeat(8000), T0);
    assertThat(s.outcome(T0, null).summary().length()).isLessThanOrEqualTo(512);
    assertThat(s.outcome(T0.plus(Duration.ofHours(1)), "w".repeat(600)).summary().length())
        .isLessThanOrEqualTo(512);
  }
}
