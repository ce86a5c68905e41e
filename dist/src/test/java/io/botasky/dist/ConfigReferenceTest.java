package io.botasky.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.AgentSettings;
import io.botasky.agent.AgentWiring;
import io.botasky.agent.HostEnv;
import io.botasky.agent.inventory.ConfiguredService;
import io.botasky.agent.inventory.ServiceKeys;
import io.botasky.agent.linux.JdkFsStats;
import io.botasky.agent.probe.system.Sleeper;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import io.botasky.notifier.policy.EscalationFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every key the code reads is in docs/config-reference.md, in the part for its file and section.
 *
 * <p>The keys come from the readers themselves: each is run over a file with every section type,
 * and {@link Section#knownKeys()} tells which keys it asked for. A key added to the code without a
 * line in the reference fails here.
 */
class ConfigReferenceTest {
  private static final Path REFERENCE = Path.of("..", "docs", "config-reference.md");
  private static final Set<String> PROBE_SECTIONS =
      Set.of(
          "system",
          "mysql:3306",
          "redis:6379",
          "mfsmaster",
          "mfschunkserver",
          "mfsmetalogger",
          "mfscgiserv",
          "keepalived",
          "process:sshd",
          "command:x",
          "http:x",
          "tcp:x",
          "ping:gw",
          "network",
          "logfile:x");

  /** The part of the keys every probe section takes. */
  static final String EVERY_SECTION = "colConfig.ini [*]";

  /** Keys per (file, section type) as the readers ask for them. */
  static Map<String, Set<String>> keysReadByCode() {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    ConfigReport report = new ConfigReport();

    Section conf = ConfFile.parse("pihealthd.conf", "", report);
    PihealthdSettings.from(Path.of("pihealthd.conf"), conf, "host");
    keys.put("pihealthd.conf", conf.knownKeys());

    StringBuilder ini = new StringBuilder("[agent]\nmaster = m\n");
    for (String s : PROBE_SECTIONS) {
      ini.append('[').append(s).append("]\n");
    }
    IniFile col =
        IniFile.parse(
            "colConfig.ini",
            ini.toString()
                .replace(
                    "[process:sshd]\n", "[process:sshd]\nmatch = sshd\naction_restart = true\n")
                .replace("[http:x]\n", "[http:x]\nurl = http://127.0.0.1/\n")
                .replace("[tcp:x]\n", "[tcp:x]\nport = 1\n")
                .replace("[logfile:x]\n", "[logfile:x]\npath = /var/log/x.log\nmatch = x\n"),
            report);
    AgentWiring wiring =
        new AgentWiring(
            HostEnv.real(Clock.systemUTC(), Path.of("/nonexistent"), Path.of("/")),
            (argv, timeout) -> {
              throw new IOException("no commands while reading config");
            },
            new JdkFsStats(),
            Sleeper.real());
    Section agent = col.sectionOrEmpty("agent");
    AgentSettings.read(agent, Path.of("/nonexistent"), "host", true);
    ConfiguredService.readAll(
        wiring.catalog(), col, wiring.probeEnv(), Set.of(), ServiceKeys.HostDefaults.NONE);
    for (Section s : col.sections()) {
      Set<String> ks = new LinkedHashSet<>();
      for (String k : s.knownKeys()) {
        ks.add(k.startsWith("action_") && !k.equals("action_timeout") ? "action_NAME" : k);
      }
      keys.computeIfAbsent("colConfig.ini [" + s.type() + "]", k -> new LinkedHashSet<>())
          .addAll(ks);
    }

    IniFile esc =
        IniFile.parse(
            "escalation.conf",
            "[contacts oncall]\n"
                + "mail = a@example.com\n"
                + "[policy p]\n"
                + "match = severity>=critical\n"
                + "step1 = 0s log\n"
                + "[dependency d]\n"
                + "parent = check=a\n"
                + "children = check=b\n"
                + "[notifier]\n",
            report);
    EscalationFile.parse(esc);
    for (Section s : esc.sections()) {
      Set<String> ks = new LinkedHashSet<>();
      for (String k : s.knownKeys()) {
        ks.add(k.matches("step\\d+") ? "stepN" : k);
      }
      keys.computeIfAbsent("escalation [" + s.type() + "]", k -> new LinkedHashSet<>()).addAll(ks);
    }
    return keys;
  }

  @Test
  void everyKeyTheCodeReadsIsInTheReference() throws IOException {
    Map<String, String> parts = parts(Files.readString(REFERENCE, StandardCharsets.UTF_8));
    List<String> missing = new ArrayList<>();
    keysReadByCode()
        .forEach(
            (where, keys) -> {
              // The service keys of every probe section are documented once, under their own
              // heading ("Every probe section: the service keys").
              String part =
                  parts.getOrDefault(where, "")
                      + (where.startsWith("colConfig.ini [") && !where.endsWith("[agent]")
                          ? parts.getOrDefault(EVERY_SECTION, "")
                          : "");
              for (String k : keys) {
                if (!part.contains("| `" + k + "`")) {
                  missing.add(where + " " + k);
                }
              }
            });
    assertThat(missing)
        .as(
            "keys read by the code but missing from %s (add a table row \"| `key` | default |"
                + " meaning |\" under the right heading); parts found: %s",
            REFERENCE, parts.keySet())
        .isEmpty();
  }

  @Test
  void theReadersAskForTheContractKeys() {
    Map<String, Set<String>> keys = keysReadByCode();
    assertThat(keys.get("pihealthd.conf"))
        .contains("master", "client_port", "PIHealthLog", "escalation_file", "alert_log");
    assertThat(keys.get("colConfig.ini [agent]"))
        .contains("master", "port", "token", "data_dir", "log", "group", "allow_power");
    assertThat(keys.get("colConfig.ini [mysql]")).contains("group", "protected", "action_timeout");
    assertThat(keys.get("colConfig.ini [process]")).contains("action_NAME");
    assertThat(keys.get("escalation [policy]"))
        .contains("match", "stepN", "repeat", "resolved", "group_wait");
  }

  /**
   * The reference cut by its headings: "## pihealthd.conf" gives part "pihealthd.conf"; under "##
   * colConfig.ini", "### [mysql:NAME]" gives "colConfig.ini [mysql]" (one heading may name several
   * sections: "### [mfsmaster], [mfschunkserver]"); under "## escalation file", likewise.
   */
  static Map<String, String> parts(String doc) {
    Map<String, String> parts = new LinkedHashMap<>();
    String file = "";
    List<String> current = List.of();
    StringBuilder body = new StringBuilder();
    for (String line : doc.split("\n", -1)) {
      if (line.startsWith("## ") || line.startsWith("### ")) {
        for (String c : current) {
          parts.merge(c, body.toString(), String::concat);
        }
        body.setLength(0);
        if (line.startsWith("## ")) {
          String h = line.substring(3).toLowerCase(Locale.ROOT);
          file =
              h.contains("pihealthd.conf")
                  ? "pihealthd.conf"
                  : h.contains("colconfig.ini")
                      ? "colConfig.ini"
                      : h.contains("escalation") ? "escalation" : "";
          current = file.equals("pihealthd.conf") ? List.of(file) : List.of();
        } else if (line.toLowerCase(Locale.ROOT).contains("every probe section")) {
          current = List.of(EVERY_SECTION);
        } else {
          List<String> names = new ArrayList<>();
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[([a-z]+)").matcher(line);
          while (m.find()) {
            names.add(file + " [" + m.group(1) + "]");
          }
          current = names;
        }
        continue;
      }
      body.append(line).append('\n');
    }
    for (String c : current) {
      parts.merge(c, body.toString(), String::concat);
    }
    return parts;
  }

  public static void main(String[] args) {
    keysReadByCode().forEach((k, v) -> System.out.println(k + ": " + v));
  }
}
