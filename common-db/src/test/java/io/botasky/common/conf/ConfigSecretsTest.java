package io.botasky.common.conf;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import io.botasky.common.config.Section;
import io.botasky.common.db.DbSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A config error never prints the password a bad URL carries (issue 11). */
class ConfigSecretsTest {
  @Test
  void badUrlsAreQuotedWithTheirPasswordsMasked() {
    ConfigReport r = new ConfigReport();
    Section s =
        ConfFile.parse(
            "pihealthd.conf",
            "db_url = postgres://botasky:dbSecret1@db1/botasky\n"
                + "redis_url = rediss://:redisSecret2@10.0.0.1:6379/0\n",
            r);
    PihealthdSettings.from(Path.of("pihealthd.conf"), s, "pi1");
    s.finish();
    assertThat(r.errors())
        .extracting(Problem::toString)
        .anySatisfy(m -> assertThat(m).contains("db_url", "postgres://botasky:***@db1/botasky"))
        .anySatisfy(m -> assertThat(m).contains("redis_url", "rediss://:***@10.0.0.1:6379/0"))
        .allSatisfy(m -> assertThat(m).doesNotContain("Secret"));
  }

  @Test
  void aLineWithoutEqualsIsQuotedByItsFirstWordOnly() {
    ConfigReport r = new ConfigReport();
    ConfFile.parse("pihealthd.conf", "smtp_password hunter2\n", r);
    assertThat(r.errors())
        .extracting(Problem::toString)
        .containsExactly("pihealthd.conf:1: expected \"key = value\", got \"smtp_password …\"");
  }

  @Test
  void printedProblemsAreMaskedAndOneLine() {
    StringWriter w = new StringWriter();
    ConfigErrors.report(
        "pihealthd",
        io.botasky.common.config.ConfigException.of(
            "x.conf", "value \"redis://:pw@h\nFORGED\u001b[31m\""),
        new PrintWriter(w));
    assertThat(w.toString())
        .doesNotContain(":pw@", "\u001b")
        .contains("redis://:***@h\\nFORGED\\x1b[31m");
    assertThat(w.toString().lines()).hasSize(2);
  }

  @Test
  void describeHidesCredentials() {
    DbSettings db =
        new DbSettings(
            "jdbc:mysql://botasky:hunter2@db1:3306/botasky?useSSL=true",
            "u",
            "p",
            8,
            Path.of("/tmp"),
            Duration.ofSeconds(3));
    assertThat(db.describe()).isEqualTo("jdbc:mysql://botasky:***@db1:3306/botasky");
  }
}
