package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.inventory.ConfiguredService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AgentReload#plan}: which services a reload keeps, removes and adds. */
class AgentReloadPlanTest {
  static ConfiguredService svc(String instance, String text) {
    return new ConfiguredService("tcp", instance, null, List.of(), text);
  }

  @Test
  void unchangedKeptByIdentityChangedIsRemovedAndAddedRemovedGoesAddedComes() {
    ConfiguredService a = svc("a", "[tcp:a]\nport=1\n");
    ConfiguredService b = svc("b", "[tcp:b]\nport=2\n");
    ConfiguredService c = svc("c", "[tcp:c]\nport=3\n");
    ConfiguredService aAgain = svc("a", "[tcp:a]\nport=1\n");
    ConfiguredService bChanged = svc("b", "[tcp:b]\nport=22\n");
    ConfiguredService d = svc("d", "[tcp:d]\nport=4\n");

    AgentReload.Plan p = AgentReload.plan(List.of(a, b, c), List.of(d, aAgain, bChanged));

    assertThat(p.services()).containsExactly(d, a, bChanged);
    assertThat(p.services().get(1)).isSameAs(a);
    assertThat(p.kept()).isEqualTo(1);
    assertThat(p.added()).containsExactly(d, bChanged);
    assertThat(p.removed()).containsExactlyInAnyOrder(b, c);
  }

  @Test
  void theSameFileChangesNothing() {
    ConfiguredService a = svc("a", "x");
    AgentReload.Plan p = AgentReload.plan(List.of(a), List.of(svc("a", "x")));
    assertThat(p.added()).isEmpty();
    assertThat(p.removed()).isEmpty();
    assertThat(p.services()).containsExactly(a);
  }
}
