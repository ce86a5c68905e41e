package io.botasky.common.conf;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import io.botasky.common.config.Section;
import io.botasky.common.testkit.HostileConfig;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Any pihealthd.conf text: a usable configuration, or errors naming file, line and key; nothing
 * else.
 */
class PihealthdConfProperties {
  static final List<String> KEYS =
      List.of(
          "master",
          "client_port",
          "bind",
          "hosts",
          "host_timeout",
          "PIHealthLog",
          "data_dir",
          "db_url",
          "db_user",
          "db_password",
          "db_pool_size",
          "redis_url",
          "agent_tokens",
          "admin_token",
          "read_token",
          "tls_cert",
          "tls_key",
          "max_body",
          "retention_samples",
          "retention_alerts",
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
          "poll_interval");

  @Property
  void anyTextGivesAConfigOrLocatedErrors(@ForAll("confText") String text) {
    ConfigReport report = new ConfigReport();
    Section s = ConfFile.parse("/etc/pihealthd.conf", text, report);
    PihealthdSettings c = PihealthdSettings.from(Path.of("/etc/pihealthd.conf"), s, "pi1");
    s.finish();
    for (Problem p : report.all()) {
      assertThat(p.source().file()).isEqualTo("/etc/pihealthd.conf");
      assertThat(p.toString()).startsWith("/etc/pihealthd.conf");
    }
    Statistics.collect(report.hasErrors() ? "config error" : "config");
    if (report.hasErrors()) {
      return;
    }
    assertThat(c.clientPort()).isBetween(0, 65535);
    assertThat(c.smtpPort()).isBetween(1, 65535);
    assertThat(c.maxBody()).isBetween(1024L, 256L << 20);
    assertThat(
            List.of(c.hostTimeout(), c.retentionSamples(), c.retentionAlerts(), c.pollInterval()))
        .allSatisfy(d -> assertThat(d.toMillis()).isPositive());
    assertThat(
            List.of(
                c.pihealthLog(), c.dataDir(), c.escalationFile(), c.notifierLog(), c.alertLog()))
        .doesNotContainNull();
    assertThat(c.mailFrom()).contains("@");
    assertThat(c.master()).isNotBlank();
    c.db();
  }

  @Provide
  Arbitrary<String> confText() {
    return HostileConfig.configText(List.of(), KEYS);
  }
}
