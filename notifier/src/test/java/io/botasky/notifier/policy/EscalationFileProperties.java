package io.botasky.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Problem;
import io.botasky.common.testkit.HostileConfig;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** Any escalation file: an escalation, or problems naming file and line; never an exception. */
class EscalationFileProperties {
  private static final List<String> SECTIONS =
      List.of(
          "contacts oncall",
          "contacts leads",
          "contacts",
          "policy critical",
          "policy default",
          "policy",
          "notifier",
          "polcy x");
  private static final List<String> KEYS =
      List.of(
          "mail",
          "webhook",
          "webhook_format",
          "match",
          "step1",
          "step2",
          "step999",
          "step1000",
          "step0",
          "repeat",
          "resolved",
          "group_wait",
          "retry_for",
          "fallback_after",
          "claim_lease",
          "smtp_timeout",
          "webhook_timeout");

  @Property(tries = 500)
  void anyTextGivesAnEscalationOrLocatedProblems(@ForAll("escalationText") String text) {
    ConfigReport report = new ConfigReport();
    Escalation e = EscalationFile.parse(IniFile.parse("escalation.conf", text, report));
    Statistics.collect(report.hasErrors() ? "config error" : "escalation");
    assertThat(e).isNotNull();
    for (Problem p : report.all()) {
      assertThat(p.source().file()).isEqualTo("escalation.conf");
      assertThat(p.message()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> escalationText() {
    String base =
        "[contacts oncall]\n"
            + "mail = ops@example.com\n"
            + "[contacts chat]\n"
            + "webhook = https://h.example/x\n"
            + "webhook_format = slack\n"
            + "[notifier]\n"
            + "retry_for = 1h\n"
            + "[policy default]\n"
            + "step1 = 0s log\n"
            + "[policy critical]\n"
            + "match = severity>=critical\n"
            + "step1 = 0s log\n";
    Arbitrary<String> values =
        Combinators.combine(
                Arbitraries.of(KEYS),
                Arbitraries.frequencyOf(
                    Tuple.of(
                        3,
                        Arbitraries.of(
                            "0s log",
                            "15m mail oncall",
                            "5m webhook chat",
                            "999999999999d log",
                            "1s mail nobody",
                            "severity>=critical",
                            "resource=mysql|redis, host=*",
                            "a@b",
                            "x@y\r\nBcc: z",
                            "http://[::1",
                            "%zz",
                            "s",
                            "json",
                            "0s",
                            "0s mail",
                            "mail oncall",
                            "step",
                            "99999999999")),
                    Tuple.of(2, HostileConfig.valueText())))
            .as((k, v) -> k + " = " + v + "\n");
    return Arbitraries.oneOf(
        values.list().ofMaxSize(3).map(v -> base + String.join("", v)),
        HostileConfig.configText(SECTIONS, KEYS));
  }
}
