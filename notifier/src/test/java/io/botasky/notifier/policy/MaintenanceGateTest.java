package io.botasky.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Problem;
import io.botasky.common.time.WindowSchedule;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Maintenance windows: the file's sections and the decision in front of the escalator. */
class MaintenanceGateTest {
  private static final String FILE =
      """
      [contacts oncall]
      mail = ops@example.com
      [policy default]
      step1 = 0s mail oncall
      step2 = 30m mail oncall
      [maintenance backups]
      match = host=db*
      every = Sat 09:00-11:00
      timezone = UTC
      comment = nightly dump
      """;

  private static Escalation parse(String text, ConfigReport r) {
    return EscalationFile.parse(IniFile.parse("escalation.conf", text, r), ZoneId.of("UTC"));
  }

  private final Escalation esc = parse(FILE, new ConfigReport());

  /**
   * host, state, who heard of it before (none | step1 | step1+resolved), the time (2026-11-21 is a
   * Saturday), whether a policy matches, the reason, the next check.
   */
  @ParameterizedTest(name = "{0} {1} heard={2} at {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "db1  | firing   | none            | 10:00 | yes | SUPPRESSED_MAINTENANCE | 11:00",
        "db1  | firing   | none            | 09:00 | yes | SUPPRESSED_MAINTENANCE | 11:00",
        "web1 | firing   | none            | 10:00 | yes | STEP_DUE               | 10:30",
        "db1  | firing   | none            | 08:59 | yes | STEP_DUE               | 09:29",
        // The window's end: still firing, it is notified now.
        "db1  | firing   | none            | 11:00 | yes | STEP_DUE               | 11:30",
        // Heard before the window: the next step waits for the window's end too.
        "db1  | firing   | step1           | 10:40 | yes | SUPPRESSED_MAINTENANCE | 11:00",
        "db1  | acked    | none            | 10:00 | yes | STOPPED_ACKED          | -",
        "db1  | firing   | none            | 10:00 | no  | NO_POLICY              | -",
        // Resolved in the window: nobody heard of it, so no recovery notice, not even later.
        "db1  | resolved | none            | 10:00 | yes | RESOLVED_UNHEARD       | -",
        "db1  | resolved | none            | 11:00 | yes | RESOLVED_UNHEARD       | -",
        // Heard of it before the window: its recovery notice waits for the window's end.
        "db1  | resolved | step1           | 10:00 | yes | SUPPRESSED_MAINTENANCE | 11:00",
        "db1  | resolved | step1           | 11:00 | yes | RESOLVED_NOTICE        | -",
        "db1  | resolved | step1+resolved  | 10:00 | yes | RESOLVED_DONE          | -",
      })
  void decide(
      String host,
      String state,
      String heard,
      String at,
      String policy,
      Reason reason,
      String next) {
    Instant now = Instant.parse("2026-11-21T" + at + ":00Z");
    AlertFacts a = Alerts.facts(7, host, "mysql", "3306", "process_down", "critical");
    a = at(a, now);
    a = Alerts.with(a, AlertState.parse(state).orElseThrow(), Severity.CRITICAL);
    List<PlanRecord> plans = new ArrayList<>();
    Instant before = now.minusSeconds(3600);
    if (heard.startsWith("step1")) {
      plans.add(new PlanRecord(3, Kind.STEP, 1, 0, "default", Reason.STEP_DUE, before));
    }
    if (heard.endsWith("resolved")) {
      plans.add(new PlanRecord(3, Kind.RESOLVED, 0, 0, "default", Reason.RESOLVED_NOTICE, before));
    }
    History h = new History(plans, !plans.isEmpty(), true);
    Policy p = policy.equals("yes") ? esc.defaultPolicy() : null;
    MaintenanceGate.Held held = MaintenanceGate.heldBy(esc.maintenance(), a, now);
    EscalationDecision d = MaintenanceGate.decide(a, p, h, held, null, now);
    assertThat(d.reason()).isEqualTo(reason);
    if (reason == Reason.SUPPRESSED_MAINTENANCE) {
      assertThat(d.planned()).isEmpty();
      assertThat(held.window().name()).isEqualTo("backups");
    }
    assertThat(d.nextCheck() == null ? "-" : d.nextCheck().toString().substring(11, 16))
        .isEqualTo(next);
  }

  /** {@code a} first seen at {@code now}: step1 (0s) is due now, step2 in 30 minutes. */
  private static AlertFacts at(AlertFacts a, Instant first) {
    return new AlertFacts(
        a.id(),
        a.host(),
        a.resource(),
        a.instance(),
        a.check(),
        a.severity(),
        a.state(),
        a.summary(),
        a.value(),
        a.threshold(),
        first,
        first,
        a.occurrences(),
        a.ackedBy(),
        a.ackedAt(),
        a.ackComment(),
        a.resolvedAt(),
        a.updatedAt());
  }

  @Test
  void theWindowEndingLastHoldsAnAlertTwoWindowsMatch() {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");
    MaintenanceWindow oneOff =
        new MaintenanceWindow(
            "reboot",
            "api #4",
            List.of(Condition.parse("host=db1")),
            null,
            now.minusSeconds(60),
            now.plusSeconds(7200),
            "");
    List<MaintenanceWindow> all = new ArrayList<>(esc.maintenance());
    all.add(oneOff);
    AlertFacts db1 = Alerts.facts(7, "db1", "mysql", "3306", "process_down", "critical");
    MaintenanceGate.Held held = MaintenanceGate.heldBy(all, db1, now);
    assertThat(held.window().name()).isEqualTo("reboot");
    assertThat(held.until()).isEqualTo(now.plusSeconds(7200));
    AlertFacts db2 = Alerts.facts(8, "db2", "mysql", "3306", "process_down", "critical");
    assertThat(MaintenanceGate.heldBy(all, db2, now).window().name()).isEqualTo("backups");
    assertThat(MaintenanceGate.heldBy(all, db1, now.plusSeconds(7200))).isNull();
  }

  @Test
  void theFileSectionIsRead() {
    ConfigReport r = new ConfigReport();
    Escalation e = parse(FILE, r);
    assertThat(r.all()).isEmpty();
    MaintenanceWindow w = e.maintenance().get(0);
    assertThat(w.name()).isEqualTo("backups");
    assertThat(w.origin()).isEqualTo("escalation.conf:6");
    assertThat(w.every().text()).isEqualTo("Sat 09:00-11:00");
    assertThat(w.every().zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(w.comment()).isEqualTo("nightly dump");
  }

  @Test
  void withoutTimezoneTheDaemonsZone() {
    ConfigReport r = new ConfigReport();
    Escalation e =
        EscalationFile.parse(
            IniFile.parse("escalation.conf", FILE.replace("timezone = UTC\n", ""), r),
            ZoneId.of("Asia/Shanghai"));
    assertThat(r.all()).isEmpty();
    WindowSchedule s = e.maintenance().get(0).every();
    assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          bad hour       | every = Sun 25:00-26:00           | escalation.conf:8: [maintenance w] every: "25:00-26:00" is not a time range HH:MM-HH:MM (times 00:00 to 23:59)
          bad day        | every = Funday 01:00-02:00        | escalation.conf:8: [maintenance w] every: "Funday" is not daily, a day Mon to Sun, a range like Mon-Fri, or a day of the month like 1st
          swapped times  | every = Sun 04:00-02:00           | escalation.conf:8: [maintenance w] every: the window 04:00-02:00 ends before it starts; an end before the start crosses midnight only when the window lasts at most 12h (swapped times?)
          empty window   | every = Sun 02:00-02:00           | escalation.conf:8: [maintenance w] every: the window 02:00-02:00 is empty: it ends when it starts
          no every       | comment = x                       | escalation.conf:6: [maintenance w] every: is required, e.g. every = Sun 02:00-04:00
          unknown zone   | every = Sun 02:00-04:00\\ntimezone = Mars/Olympus | escalation.conf:9: [maintenance w] timezone: unknown time zone "Mars/Olympus" (expected a name like Europe/Berlin or UTC)
          bad match      | every = Sun 02:00-04:00\\nmatch = colour=red | escalation.conf:8: [maintenance w] match: unknown field "colour" in "colour=red" (expected one of severity, resource, instance, host, check)
          """)
  void badSectionsNameFileLineAndKey(String name, String lines, String expected) {
    ConfigReport r = new ConfigReport();
    String base = FILE.substring(0, FILE.indexOf("[maintenance"));
    String section = "[maintenance w]\n" + (lines.contains("match") ? "" : "match = host=db*\n");
    parse(base + section + lines.replace("\\n", "\n") + "\n", r);
    assertThat(r.errors()).extracting(Problem::toString).contains(expected);
  }

  @Test
  void matchIsRequiredAndNamesAreUnique() {
    ConfigReport r = new ConfigReport();
    parse(
        FILE
            + "[maintenance all]\nevery = daily 01:00-02:00\n"
            + FILE.substring(FILE.indexOf("[maintenance")),
        r);
    assertThat(r.errors())
        .extracting(Problem::toString)
        .contains(
            "escalation.conf:11: [maintenance all] match: is required, e.g. match = host=db*",
            "escalation.conf:13: [maintenance backups] duplicate section, first at line 6");
  }

  @Test
  void explainNamesTheWindowAndItsEnd() {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");
    AlertFacts db1 = at(Alerts.facts(7, "db1", "mysql", "3306", "process_down", "critical"), now);
    MaintenanceGate.Held held = MaintenanceGate.heldBy(esc.maintenance(), db1, now);
    List<String> lines =
        Explainer.explain(db1, esc.defaultPolicy(), List.of(), List.of(), null, held, null, now);
    assertThat(lines)
        .contains(
            "in maintenance window backups (escalation.conf:6) until 2026-11-21 11:00:00Z:"
                + " notifications are held back, the alert is still stored; still open then, it"
                + " is decided again",
            "step 1 (0s mail oncall): held back by maintenance window backups until 2026-11-21"
                + " 11:00:00Z",
            "decision now: SUPPRESSED_MAINTENANCE (severity epoch critical)");
  }
}
