package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.agent.inventory.ConfiguredService;
import io.botasky.agent.inventory.ServiceKeys;
import io.botasky.agent.testkit.FixtureTree;
import io.botasky.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service keys of colConfig.ini (docs/config-reference.md, "Every probe section: the service
 * keys"): each section is one service with its identity, group, actions and protection; every bad
 * value is a configuration error naming file, line and key (exit 78).
 */
class ServiceKeysConfigTest {
  @TempDir Path tmp;
  private FixtureTree tree;

  @BeforeEach
  void tree() throws Exception {
    tree = FixtureTree.copy("basic", tmp);
  }

  private Path file(String text) throws Exception {
    Path f = tmp.resolve("colConfig.ini");
    Files.writeString(f, text);
    return f;
  }

  private LoadedConfig load(String text) throws Exception {
    return tree.wiring().load(file(text), Set.of(), true);
  }

  private String errors(String text) throws Exception {
    Path f = file(text);
    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class, () -> tree.wiring().load(f, Set.of(), true));
    return e.getMessage().replace(f.toString(), "F");
  }

  @Test
  void eachSectionIsOneServiceWithTheContractIdentityAndItsProbes() throws Exception {
    LoadedConfig cfg =
        load(
            "[agent]\nmaster = pi1\ngroup = dev\n"
                + "[system]\n"
                + "[redis:6379]\ngroup = dev/cache\nprotected = true\n"
                + "action_restart = systemctl restart redis-server@:instance: --host :host:\n"
                + "action_flush = /usr/bin/redis-cli -p :instance: FLUSHALL\n"
                + "action_timeout = 30s\n"
                + "[mfschunkserver]\n"
                + "[process:sshd]\nmatch = sshd\n");
    assertThat(cfg.warnings()).isEmpty();
    List<ConfiguredService> s = cfg.services();
    assertThat(s)
        .extracting(c -> c.resource() + "/" + c.instance())
        .containsExactly("system/", "redis/6379", "mfs/mfschunkserver", "process/sshd");
    assertThat(s.get(0).probes()).hasSize(6);
    assertThat(s.get(0).keys())
        .isEqualTo(new ServiceKeys("dev", false, Map.of(), Duration.ofSeconds(60)));
    ServiceKeys redis = s.get(1).keys();
    assertThat(redis.group()).isEqualTo("dev/cache");
    assertThat(redis.protectedService()).isTrue();
    assertThat(redis.actionTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(redis.actions().keySet()).containsExactly("restart", "flush");
    assertThat(redis.actions().get("restart"))
        .containsExactly("systemctl", "restart", "redis-server@6379", "--host", "web1");
    assertThat(cfg.probes()).hasSize(9);
  }

  @Test
  void aBadGroupIsAnErrorWithFileLineAndKey() throws Exception {
    String head = "[agent]\nmaster = pi1\n[system]\n[tcp:x]\nport = 1\n";
    assertThat(errors(head + "group = a//b\n"))
        .contains("F:6: [tcp:x] group: not a group path like dev/cache: has an empty part");
    assertThat(errors(head + "group = dev/..\n")).contains("F:6: [tcp:x] group:", "\"..\"");
    assertThat(errors(head + "group = dev/\u0007bell\n"))
        .contains("F:6: [tcp:x] group:", "control character");
    assertThat(errors(head + "group = " + "g".repeat(256) + "\n"))
        .contains("F:6: [tcp:x] group:", "longer than 255 characters");
    assertThat(errors("[agent]\nmaster = pi1\ngroup = /dev\n[system]\n"))
        .contains("F:3: [agent] group:");
    assertThat(load(head + "group = " + "g".repeat(255) + "\n").services().get(1).keys().group())
        .hasSize(255);
  }

  @Test
  void badActionsAreErrorsWithFileLineAndKey() throws Exception {
    String head = "[agent]\nmaster = pi1\n[system]\n[process:sshd]\nmatch = sshd\n";
    assertThat(errors(head + "action_Restart = systemctl restart ssh\n"))
        .contains("F:6: [process:sshd] action_Restart: an action name is a lower-case letter");
    assertThat(errors(head + "action_" + "a".repeat(33) + " = true\n"))
        .contains("F:6: [process:sshd] action_aaa");
    assertThat(errors(head + "action_restart = ''\n"))
        .contains("F:6: [process:sshd] action_restart: names no program");
    assertThat(errors(head + "action_restart = echo \"unterminated\n"))
        .contains("F:6: [process:sshd] action_restart: unterminated double quote");
    assertThat(errors(head + "action_timeout = 0s\n"))
        .contains("F:6: [process:sshd] action_timeout: must be positive");
    StringBuilder many = new StringBuilder(head);
    for (int i = 0; i < 17; i++) {
      many.append("action_a").append(i).append(" = true\n");
    }
    assertThat(errors(many.toString()))
        .contains("F:22: [process:sshd] action_a16: more than 16 actions in one section");
  }

  @Test
  void schedulesNeedTheirActionAndAValidStartTime() throws Exception {
    String head = "[agent]\nmaster = pi1\n[system]\n[process:sshd]\nmatch = sshd\n";
    ServiceKeys keys =
        load(head + "action_restart = systemctl restart ssh\nschedule_restart = mon-fri 04:00\n")
            .services()
            .get(1)
            .keys();
    assertThat(keys.schedules()).containsOnlyKeys("restart");
    assertThat(keys.schedules().get("restart").toString()).isEqualTo("Mon-Fri 04:00");
    assertThat(errors(head + "schedule_restart = daily 04:00\n"))
        .contains(
            "F:6: [process:sshd] schedule_restart: schedules an action this section does not"
                + " have: add action_restart");
    assertThat(errors(head + "action_restart = true\nschedule_restart = daily 4am\n"))
        .contains("F:7: [process:sshd] schedule_restart:", "not a time of day");
    assertThat(errors(head + "action_restart = true\nschedule_restart = 2st 04:00\n"))
        .contains("F:7: [process:sshd] schedule_restart:", "2nd");
  }

  @Test
  void aSystemActionNeedsAllowPower() throws Exception {
    String body = "[system]\naction_reboot = systemctl reboot\n";
    Path f = file("[agent]\nmaster = pi1\n" + body);
    CliRun run = CliRun.on(tree, s -> 0, "-f", f.toString());
    assertThat(run.exit()).isEqualTo(78);
    assertThat(run.err())
        .contains(f + ":4: [system] action_reboot: an action of [system] needs allow_power = true");
    CliRun check = CliRun.on(tree, s -> 0, "check", "-f", f.toString());
    assertThat(check.exit()).isEqualTo(78);
    assertThat(check.err()).contains(f + ":4: [system] action_reboot:");
    LoadedConfig ok = load("[agent]\nmaster = pi1\nallow_power = true\n" + body);
    assertThat(ok.services().get(0).keys().actions())
        .containsEntry("reboot", List.of("systemctl", "reboot"));
  }

  @Test
  void aSectionNameTheCollectorWouldRefuseAsAnInstanceIsAnError() throws Exception {
    assertThat(errors("[agent]\nmaster = pi1\n[process:" + "p".repeat(256) + "]\nmatch = x\n"))
        .contains("F:3: [process:ppp", "the name after the type is longer than 255 characters");
  }

  @Test
  void theSameServiceTwiceIsAnError() throws Exception {
    assertThatThrownBy(() -> load("[agent]\nmaster = pi1\n[mysql:3306]\n[mysql:3306]\n"))
        .isInstanceOf(ConfigException.class);
  }
}
