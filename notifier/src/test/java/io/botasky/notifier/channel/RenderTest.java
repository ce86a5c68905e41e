package io.botasky.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.notifier.channel.log.LogChannel;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Alerts;
import io.botasky.notifier.policy.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderTest {
  private final AlertFacts a =
      Alerts.facts(42, "pi3", "mysql", "3306", "replication_lag", "critical");

  @Test
  void subjectIsTheContractsExactly() {
    Notification n =
        new Notification(
            "mail", "ops@example.com", List.of(new Item(a, Kind.STEP, 3, 1, 0, 7)), false, "<x>");
    assertThat(Render.subject(n, "pi1"))
        .isEqualTo("[botasky] CRITICAL FIRING pi3 mysql:3306 replication_lag");
    Notification r =
        new Notification(
            "mail",
            "ops@example.com",
            List.of(new Item(a, Kind.RESOLVED, 3, 0, 0, 8)),
            false,
            "<y>");
    assertThat(Render.subject(r, "pi1"))
        .isEqualTo("[botasky] CRITICAL RESOLVED pi3 mysql:3306 replication_lag");
    assertThat(Render.subject(new Notification("mail", "x@y.z", List.of(), true, "<t>"), "pi1"))
        .isEqualTo("[botasky] TEST mail from pi1");
  }

  @Test
  void aGroupNamesTheWorstFirstAndCountsTheRest() {
    AlertFacts b = Alerts.facts(43, "pi3", "system", "", "cpu_usage", "warning");
    Notification n =
        new Notification(
            "mail",
            "ops@example.com",
            List.of(
                new Item(b, Kind.STEP, 2, 2, 0, 1),
                new Item(a, Kind.STEP, 3, 2, 0, 2),
                new Item(a, Kind.RESOLVED, 3, 0, 0, 3)),
            false,
            "<g>");
    // The recovery of 42 replaces its firing notice; the firing 43 comes first.
    assertThat(Render.subject(n, "pi1"))
        .isEqualTo("[botasky] WARNING FIRING pi3 system cpu_usage (+1 more)");
  }

  @Test
  void logLineIsTheContractsExactly() {
    Item i = new Item(a, Kind.STEP, 3, 1, 0, 7);
    assertThat(LogChannel.line("2026-11-21T10:00:00.123Z", i))
        .isEqualTo(
            "2026-11-21T10:00:00.123Z FIRING CRITICAL pi3 mysql:3306 replication_lag id=42 step=1"
                + " \"summary of replication_lag\"");
  }

  /** An alert as a hostile agent could make one: every field an agent chooses carries controls. */
  static AlertFacts hostile() {
    return new AlertFacts(
        7,
        "pi3\r\nFORGED",
        "keepalived",
        "10.9.9.9\r\n2026-11-21T10:00:00.000Z FIRING CRITICAL FORGED\u001b[31m",
        "split_brain",
        io.botasky.common.wire.Severity.CRITICAL,
        io.botasky.common.wire.AlertState.FIRING,
        "sum \"q\" \\ \u001b[2J\u009b31m \u2028line \u202egnp.exe\nFORGED",
        1.0,
        null,
        Alerts.T0,
        Alerts.T0,
        1,
        null,
        null,
        null,
        null,
        Alerts.T0.toEpochMilli());
  }

  @Test
  void hostileFieldsNeverForgeALineOrReachTheReaderRaw() {
    Item i = new Item(hostile(), Kind.STEP, 3, 1, 0, 7);
    String line = LogChannel.line("2026-11-21T10:00:00.123Z", i);
    assertThat(line)
        .isEqualTo(
            "2026-11-21T10:00:00.123Z FIRING CRITICAL pi3\\r"
                + "\\n"
                + "FORGED keepalived:10.9.9.9\\r"
                + "\\n"
                + "2026-11-21T10:00:00.000Z\\x20FIRING\\x20CRITICAL\\x20FORGED\\x1b[31m split_brain"
                + " id=7 step=1 \"sum \\\"q\\\" \\\\ \\x1b[2J\\x9b31m \\u2028line \\u202egnp.exe\\n"
                + "FORGED\"");
    Notification n = new Notification("mail", "ops@example.com", List.of(i), false, "<x>");
    String subject = Render.subject(n, "pi1");
    assertThat(subject)
        .startsWith("[botasky] CRITICAL FIRING pi3\\r\\nFORGED keepalived:10.9.9.9\\r\\n");
    io.botasky.notifier.channel.mail.MailRenderer mail =
        new io.botasky.notifier.channel.mail.MailRenderer("pi1");
    for (String out : List.of(line, subject, mail.text(n), mail.html(n))) {
      assertThat(
              out.codePoints()
                  .filter(c -> c != '\n' && io.botasky.common.text.SafeText.needsEscape(c))
                  .count())
          .as(out)
          .isZero();
      assertThat(
              out.lines()
                  .filter(l -> l.startsWith("FORGED") || l.startsWith("2026-11-21T10:00:00.000Z")))
          .as(out)
          .isEmpty();
    }
  }
}
