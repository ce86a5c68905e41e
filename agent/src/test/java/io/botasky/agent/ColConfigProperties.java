package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.FixtureTree;
import io.botasky.common.config.ConfigException;
import io.botasky.common.testkit.HostileConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Any colConfig.ini: a loaded configuration, or a ConfigException naming the file and line; nothing
 * else.
 */
class ColConfigProperties {
  static final List<String> SECTIONS =
      List.of(
          "agent",
          "system",
          "mysql:3306",
          "redis:6379",
          "mfsmaster",
          "mfschunkserver",
          "mfsmetalogger",
          "mfscgiserv",
          "keepalived",
          "process:sshd",
          "process",
          "mysql",
          "redis:");
  static final List<String> KEYS =
      List.of(
          "backup_dir",
          "check_process",
          "connect_timeout",
          "data",
          "data_dir",
          "debounce_down",
          "debounce_metric",
          "dump_timeout",
          "expect",
          "expect_chunkservers",
          "expect_metaloggers",
          "expect_replicas",
          "file_max",
          "flush_every",
          "host",
          "hysteresis",
          "iname",
          "interface",
          "interval",
          "keepalived",
          "lag_bytes_critical",
          "lag_bytes_warning",
          "lag_critical",
          "lag_seconds",
          "lag_warning",
          "listen_port",
          "log",
          "master",
          "match",
          "mfscli",
          "password",
          "port",
          "role",
          "root_users",
          "runaway_cpu",
          "runaway_mem",
          "spool_max",
          "state",
          "timeout",
          "tls",
          "token",
          "uid_min",
          "user",
          "vip",
          "vips",
          "heartbeat",
          "request_timeout",
          "retry_max",
          "resend_every",
          "cpu_interval",
          "mem_interval",
          "disk_interval",
          "sysinfo_interval",
          "users_interval",
          "proc_interval",
          "cpu_warning",
          "cpu_critical",
          "mem_note",
          "disk_warning",
          "load_critical");

  static final List<String> AGENT_KEYS =
      List.of(
          "host",
          "master",
          "port",
          "token",
          "tls",
          "data_dir",
          "backup_dir",
          "file_max",
          "flush_every",
          "spool_max",
          "heartbeat",
          "log",
          "request_timeout",
          "retry_max",
          "debounce_metric",
          "debounce_down",
          "hysteresis",
          "resend_every");

  private Path tmp;
  private FixtureTree tree;

  @BeforeProperty
  void tree() throws IOException {
    tmp = Files.createTempDirectory("colconfig-props");
    tree = FixtureTree.copy("basic", tmp);
  }

  @AfterProperty
  void clean() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 250)
  void anyTextLoadsOrFailsWithFileAndLine(@ForAll("iniText") String text) throws IOException {
    Path f = tmp.resolve("colConfig.ini");
    Files.write(f, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      LoadedConfig cfg = tree.wiring().load(f, Set.of(), true);
      Statistics.collect("loaded");
      assertThat(cfg.probes()).isNotEmpty();
      assertThat(cfg.settings().port()).isBetween(1, 65535);
      cfg.probes().forEach(p -> assertThat(p.interval().toMillis()).isPositive());
      cfg.settings().baseUrl();
    } catch (ConfigException e) {
      Statistics.collect("config error");
      assertThat(e.problems())
          .isNotEmpty()
          .allSatisfy(
              p -> {
                assertThat(p.source().file()).isEqualTo(f.toString());
                assertThat(p.message()).isNotBlank();
              });
    }
  }

  @Property(tries = 250)
  void anyAgentSectionLoadsOrFailsWithFileAndLine(@ForAll("agentText") String text)
      throws IOException {
    anyTextLoadsOrFailsWithFileAndLine(text);
  }

  @Provide
  Arbitrary<String> agentText() {
    return HostileConfig.configText(List.of("agent"), AGENT_KEYS)
        .map(t -> "[system]\n[agent]\nmaster = pi1\n" + t);
  }

  @Provide
  Arbitrary<String> iniText() {
    return HostileConfig.configText(SECTIONS, KEYS)
        .map(t -> "[agent]\nmaster = pi1\n[system]\n" + t);
  }
}
