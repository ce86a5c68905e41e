package io.botasky.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code [dependency NAME]}: what loads, and every refusal with file:line. */
class DependencySectionTest {
  static final String HEAD = "[policy default]\nstep1 = 0s log\n[dependency d]\n";

  static List<String> errors(String body) {
    ConfigReport r = new ConfigReport();
    EscalationFileTest.parse(HEAD + body, r);
    return r.all().stream().map(Problem::toString).toList();
  }

  @Test
  void theContractsExampleLoads() {
    ConfigReport r = new ConfigReport();
    Escalation e =
        EscalationFileTest.parse(
            HEAD
                + "parent = resource=mysql check=process_down\n"
                + "children = resource=mysql, check=master_down|replication_io_stopped\n",
            r);
    assertThat(r.all()).isEmpty();
    Dependency d = e.dependencies().get(0);
    assertThat(d.name()).isEqualTo("d");
    assertThat(d.parent()).hasSize(2);
    assertThat(d.children()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          parent missing        | children = check=master_down                                      | escalation.conf:3: [dependency d] parent: is required: terms like a policy's match, e.g. parent = resource=mysql check=process_down
          children missing      | parent = check=process_down                                       | escalation.conf:3: [dependency d] children: is required: terms like a policy's match, e.g. children = resource=mysql check=master_down
          bad matcher           | parent = colour=red\\nchildren = check=x                          | escalation.conf:4: [dependency d] parent: unknown field "colour" in "colour=red" (expected one of severity, resource, instance, host, check)
          same alert            | parent = resource=mysql\\nchildren = check=master_down            | escalation.conf:5: [dependency d] children: could match the same alert as parent: make one term on the same field exclude the other, e.g. parent check=process_down and children check=master_down
          globs meet            | parent = check=process_*\\nchildren = check=*_down                | escalation.conf:5: [dependency d] children: could match the same alert as parent: make one term on the same field exclude the other, e.g. parent check=process_down and children check=master_down
          negation admits it    | parent = check=process_down\\nchildren = check!=master_down       | escalation.conf:5: [dependency d] children: could match the same alert as parent: make one term on the same field exclude the other, e.g. parent check=process_down and children check=master_down
          severities meet       | parent = severity>=warning\\nchildren = severity<=warning          | escalation.conf:5: [dependency d] children: could match the same alert as parent: make one term on the same field exclude the other, e.g. parent check=process_down and children check=master_down
          """)
  void refuses(String name, String body, String expected) {
    assertThat(errors(body.replace("\\n", "\n"))).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          different checks   | check=process_down         | check=master_down
          case-insensitive   | check=Process_Down          | check=master_down|replication_*
          severities apart   | severity>=critical         | severity<=warning
          excluded by !=     | check=process_down         | check!=process_down
          glob vs word       | host=db*                   | host=web1
          """)
  void acceptsDisjoint(String name, String parent, String children) {
    assertThat(errors("parent = " + parent + "\nchildren = " + children + "\n")).isEmpty();
  }

  @Test
  void aSectionNeedsAName() {
    ConfigReport r = new ConfigReport();
    EscalationFileTest.parse(
        "[policy default]\nstep1 = 0s log\n[dependency]\nparent = check=a\nchildren = check=b\n",
        r);
    assertThat(r.all().stream().map(Problem::toString))
        .contains(
            "escalation.conf:3: [dependency] a dependency section needs a name: [dependency NAME]");
  }
}
