package io.botasky.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Problem;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscalationFileTest {

  static Escalation parse(String text, ConfigReport r) {
    return EscalationFile.parse(IniFile.parse("escalation.conf", text, r));
  }

  @Test
  void shippedSampleLoadsWithoutErrorsOrWarnings() throws Exception {
    ConfigReport r = new ConfigReport();
    Path sample = Path.of("..", "config", "escalation.conf");
    Escalation e = EscalationFile.parse(IniFile.read(sample, r));
    assertThat(r.all()).as("problems in %s", sample).isEmpty();
    assertThat(e.policies()).extracting(Policy::name).containsExactly("critical", "databases");
    assertThat(e.defaultPolicy().name()).isEqualTo("default");
    Policy crit = e.policies().get(0);
    assertThat(crit.steps())
        .extracting(Step::describe)
        .containsExactly("0s log", "0s mail oncall", "15m mail leads", "15m webhook chat");
    assertThat(crit.repeat()).isEqualTo(Duration.ofHours(1));
    assertThat(crit.resolved()).isEqualTo(new Recipients("mail", java.util.List.of("oncall")));
    assertThat(crit.groupWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(e.contacts().get("oncall").mail())
        .containsExactly("ops@example.com", "dba@example.com");
    assertThat(e.contacts().get("chat").webhookFormat()).isEqualTo("slack");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown contact     | [contacts oncall]\\nmail = a@example.com\\n[policy p]\\nmatch = severity>=critical\\nstep1 = 0s mail leads | escalation.conf:5: [policy p] step1: unknown contact "leads": no [contacts leads] section
          bad duration        | [policy default]\\nstep1 = 5x log                                                                        | escalation.conf:2: [policy default] step1: expected a duration like "30s" (units ms, s, m, h, d), got "5x"
          step without channel| [policy default]\\nstep1 = 5m                                                                           | escalation.conf:2: [policy default] step1: step without a channel: expected DELAY CHANNEL [CONTACTS], e.g. "5m mail oncall"
          invalid mail        | [contacts oncall]\\nmail = ops@example.com, not-an-address\\n[policy default]\\nstep1 = 0s log          | escalation.conf:2: [contacts oncall] mail: invalid mail address "not-an-address" (expected user@domain)
          unknown channel     | [policy default]\\nstep1 = 0s sms oncall                                                                 | escalation.conf:2: [policy default] step1: unknown channel "sms"; expected one of log, mail, webhook, action
          bad repeat          | [policy default]\\nstep1 = 0s log\\nrepeat = often                                                      | escalation.conf:3: [policy default] repeat: expected a duration like "30s" (units ms, s, m, h, d), got "often"
          match missing       | [policy p]\\nstep1 = 0s log                                                                               | escalation.conf:1: [policy p] match: is required (only [policy default] matches everything)
          bad match field     | [policy p]\\nmatch = colour=red\\nstep1 = 0s log                                                         | escalation.conf:2: [policy p] match: unknown field "colour" in "colour=red" (expected one of severity, resource, instance, host, check)
          bad severity        | [policy p]\\nmatch = severity>=urgent\\nstep1 = 0s log                                                   | escalation.conf:2: [policy p] match: unknown severity "urgent" (expected info, note, warning or critical)
          empty alternative   | '[policy p]\\nmatch = resource=mysql||redis\\nstep1 = 0s log'                                | 'escalation.conf:2: [policy p] match: empty alternative between "|" in "resource=mysql||redis"'
          no steps            | [policy default]\\nrepeat = 1h                                                                           | escalation.conf:1: [policy default] a policy needs at least one step: stepN = DELAY CHANNEL [CONTACTS]
          unknown section     | [polcy default]\\nstep1 = 0s log                                                                         | escalation.conf:1: [polcy default] unknown section type "polcy" (did you mean "policy"?)
          action no name      | [policy default]\\nstep1 = 2m action                                                                    | escalation.conf:2: [policy default] step1: the action channel takes one action name, e.g. "action restart"
          action two names    | [policy default]\\nstep1 = 2m action restart start                                                      | escalation.conf:2: [policy default] step1: the action channel takes one action name, e.g. "action restart"
          action bad name     | [policy default]\\nstep1 = 2m action Restart-Now                                                       | escalation.conf:2: [policy default] step1: invalid action name "Restart-Now": expected lowercase letters, digits and _ starting with a letter, as in action_NAME
          action as resolved  | [policy default]\\nstep1 = 0s log\\nresolved = action restart                                          | escalation.conf:3: [policy default] resolved: an action is a step only; a recovery notice goes to people
          mail without mail   | [contacts chat]\\nwebhook = https://x.example/h\\n[policy default]\\nstep1 = 0s mail chat               | escalation.conf:4: [policy default] step1: contact "chat" has no mail address
          """)
  void badFilesNameFileLineAndKey(String name, String text, String expected) {
    ConfigReport r = new ConfigReport();
    parse(text.replace("\\n", "\n"), r);
    assertThat(r.errors()).extracting(Problem::toString).contains(expected);
  }

  @Test
  void anActionStepNamesTheAction() {
    ConfigReport r = new ConfigReport();
    Escalation e = parse("[policy default]\nstep1 = 0s log\nstep2 = 2m action restart\n", r);
    assertThat(r.all()).isEmpty();
    Step s = e.defaultPolicy().steps().get(1);
    assertThat(s.isAction()).isTrue();
    assertThat(s.channel()).isEqualTo("action");
    assertThat(s.contacts()).containsExactly("restart");
    assertThat(s.describe()).isEqualTo("2m action restart");
  }

  @Test
  void unknownKeyIsAWarningWithSuggestion() {
    ConfigReport r = new ConfigReport();
    parse("[policy default]\nstep1 = 0s log\ngroup_wiat = 5s\n", r);
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings())
        .extracting(Problem::toString)
        .containsExactly(
            "escalation.conf:3: [policy default] unknown key \"group_wiat\" (did you mean"
                + " \"group_wait\"?), ignored");
  }

  @Test
  void policiesAreTriedInFileOrderThenDefault() {
    ConfigReport r = new ConfigReport();
    Escalation e =
        parse(
            """
            [policy db]
            match = resource=mysql|redis, host=pi*
            step1 = 0s log
            [policy crit]
            match = severity>=critical
            step1 = 0s log
            [policy default]
            step1 = 0s log
            """,
            r);
    assertThat(r.all()).isEmpty();
    assertThat(
            e.policyFor(Alerts.facts(1, "pi3", "mysql", "3306", "replication_lag", "critical"))
                .orElseThrow()
                .name())
        .isEqualTo("db");
    assertThat(
            e.policyFor(Alerts.facts(1, "db1", "mysql", "3306", "replication_lag", "critical"))
                .orElseThrow()
                .name())
        .isEqualTo("crit");
    assertThat(
            e.policyFor(Alerts.facts(1, "PI4", "redis", "6379", "unreachable", "note"))
                .orElseThrow()
                .name())
        .isEqualTo("db");
    assertThat(
            e.policyFor(Alerts.facts(1, "x", "system", "", "cpu_usage", "warning"))
                .orElseThrow()
                .name())
        .isEqualTo("default");
  }

  @Test
  void withoutDefaultAnUnmatchedAlertHasNoPolicy() {
    ConfigReport r = new ConfigReport();
    Escalation e =
        parse(
            "[policy crit]\nmatch = severity=critical|warning, check!=cpu_*\nstep1 = 0s log\n", r);
    assertThat(r.all()).isEmpty();
    assertThat(e.policyFor(Alerts.facts(1, "h", "system", "", "mem_usage", "warning"))).isPresent();
    assertThat(e.policyFor(Alerts.facts(1, "h", "system", "", "cpu_usage", "warning"))).isEmpty();
    assertThat(e.policyFor(Alerts.facts(1, "h", "system", "", "mem_usage", "note"))).isEmpty();
  }
}
