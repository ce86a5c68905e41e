package io.botasky.collector.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.testkit.HostileConfig;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any agent_tokens file: tokens of at least 16 characters, one host each, or located errors. */
class AgentTokensProperties {

  @Property
  void anyTextGivesLongTokensOrLocatedErrors(@ForAll("tokensText") String text) {
    ConfigReport report = new ConfigReport();
    Map<String, String> byToken = AgentTokens.parse("agent_tokens", text, report);
    assertThat(byToken.keySet()).allSatisfy(t -> assertThat(t.length()).isGreaterThanOrEqualTo(16));
    report.all().forEach(p -> assertThat(p.source().file()).isEqualTo("agent_tokens"));
  }

  @Provide
  Arbitrary<String> tokensText() {
    return HostileConfig.configText(List.of(), List.of("web1", "db1", "pi3", "x"));
  }
}
