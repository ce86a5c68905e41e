package io.botasky.agent.probe.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.logs.LogQueue;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import io.botasky.common.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configuration errors of [logfile:NAME] name file, line and key; a valid section has none. */
class LogfileProbeFactoryTest {
  @TempDir Path dir;
  private final ConfigReport report = new ConfigReport();

  private void create(String body) {
    Section s = IniFile.parse("colConfig.ini", "[logfile:app]\n" + body, report).sections().get(0);
    ProbeEnv env =
        new ProbeEnv(
            new MutableClock(Instant.parse("2026-11-21T10:00:00Z")),
            dir,
            dir,
            dir,
            dir,
            dir,
            (argv, timeout) -> {
              throw new AssertionError("no commands");
            });
    new LogfileProbeFactory(new LogQueue(10)).schedule(s, env);
    s.finish();
  }

  @Test
  void aValidSectionHasNoProblems() {
    create(
        "path = "
            + dir.resolve("app.log")
            + "\nmatch = ERROR\nignore = harmless\nseverity = critical\nquiet = 5m\n"
            + "forward = true\ninterval = 30s\n");
    assertThat(report.all()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no path | match = x | colConfig.ini:1: [logfile:app] path: is required",
        "relative path | path = app.log\\nmatch = x | colConfig.ini:2: [logfile:app] path: must be"
            + " an absolute path",
        "no match | path = /var/log/x.log | colConfig.ini:1: [logfile:app] match: is required",
        "bad match | path = /var/log/x.log\\n"
            + "match = ([a | colConfig.ini:3: [logfile:app] match: not a valid regular expression",
        "bad ignore | path = /var/log/x.log\\nmatch = x\\nignore = *x | colConfig.ini:4:"
            + " [logfile:app] ignore: not a valid regular expression",
        "bad severity | path = /var/log/x.log\\nmatch = x\\nseverity = loud | colConfig.ini:4:"
            + " [logfile:app] severity:",
        "zero quiet | path = /var/log/x.log\\nmatch = x\\nquiet = 0s | colConfig.ini:4:"
            + " [logfile:app] quiet: must be positive",
      })
  void errorsNameTheKey(String what, String body, String expected) {
    create(body.replace("\\n", "\n") + "\n");
    assertThat(report.errors())
        .as(what)
        .anySatisfy(p -> assertThat(p.toString()).startsWith(expected));
  }

  @Test
  void aDirectoryKnownAtLoadIsAnError() {
    create("path = " + dir + "\nmatch = x\n");
    assertThat(report.errors())
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).contains("path:", "is a directory"));
  }
}
