package io.botasky.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Section;
import io.botasky.common.testkit.HostileConfig;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any pihealthd.conf as boird reads it: a notifier configuration, or located errors; never an
 * exception.
 */
class NotifierConfProperties {
  private static final List<String> KEYS =
      List.of(
          "master",
          "redis_url",
          "escalation_file",
          "smtp_host",
          "smtp_port",
          "smtp_user",
          "smtp_password",
          "smtp_starttls",
          "smtp_ssl",
          "mail_from",
          "notifier_log",
          "alert_log",
          "poll_interval",
          "db_url",
          "data_dir");

  @Property
  void anyTextGivesANotifierConfigOrLocatedErrors(@ForAll("confText") String text) {
    ConfigReport report = new ConfigReport();
    Section s = ConfFile.parse("/etc/pihealthd.conf", text, report);
    PihealthdSettings c = PihealthdSettings.from(Path.of("/etc/pihealthd.conf"), s, "pi1");
    if (report.hasErrors()) {
      return;
    }
    NotifierSettings n = NotifierSettings.from(c);
    report.all().forEach(p -> assertThat(p.source().file()).isEqualTo("/etc/pihealthd.conf"));
    assertThat(n.escalationFile().isAbsolute()).isTrue();
  }

  @Provide
  Arbitrary<String> confText() {
    return HostileConfig.configText(List.of(), KEYS);
  }
}
