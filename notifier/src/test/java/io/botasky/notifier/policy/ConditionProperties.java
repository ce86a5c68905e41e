package io.botasky.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.testkit.HostileConfig;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A policy's match term of any text: a condition that can judge any alert, or an
 * IllegalArgumentException.
 */
class ConditionProperties {

  @Property
  void anyTermIsAConditionThatJudgesOrIsRefused(
      @ForAll("terms") String term, @ForAll("alerts") AlertFacts alert) {
    Condition c;
    try {
      c = Condition.parse(term);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(Condition.FIELDS).contains(c.field());
    // An empty alternative ("host=|", "resource=mysql||redis") is a typo that would silently match
    // nothing.
    assertThat(c.values()).as(term).isNotEmpty().allSatisfy(v -> assertThat(v).isNotBlank());
    c.test(alert);
  }

  @Provide
  Arbitrary<String> terms() {
    Arbitrary<String> field =
        Arbitraries.of(
            "severity", "resource", "instance", "host", "check", "Severity", "HOST", "sev", "");
    Arbitrary<String> op = Arbitraries.of(">=", "<=", "!=", "=", ">", "<", "==", "=>", "");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(
                "critical",
                " Warning ",
                "info|note",
                "mysql|redis",
                "pi*",
                "?",
                "|",
                "a||b",
                "*",
                "\\",
                "[",
                "(",
                "\\E",
                "\\Q",
                "critical|",
                "|critical",
                "crit"),
            HostileConfig.hostileString(12));
    return Combinators.combine(field, op, value, Arbitraries.of("", " "))
        .as((f, o, v, sp) -> f + sp + o + sp + v);
  }

  @Provide
  Arbitrary<AlertFacts> alerts() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.of("pi1", "mysql", "", "PI1"), HostileConfig.hostileString(8));
    return Combinators.combine(
            text, text, Arbitraries.of(Severity.values()), Arbitraries.of(AlertState.values()))
        .as(
            (h, r, sev, st) ->
                new AlertFacts(
                    1,
                    h,
                    r,
                    r,
                    h,
                    sev,
                    st,
                    "",
                    null,
                    null,
                    Instant.EPOCH,
                    Instant.EPOCH,
                    1,
                    null,
                    null,
                    null,
                    null,
                    0));
  }
}
