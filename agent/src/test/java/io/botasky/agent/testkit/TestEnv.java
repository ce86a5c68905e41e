package io.botasky.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.ProbeEnv;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.exec.ProcessCommandRunner;
import java.nio.file.Path;
import java.time.Clock;

/** The real machine as a {@link ProbeEnv}, and sections parsed from INI text, for probe tests. */
public final class TestEnv {
  private TestEnv() {}

  public static ProbeEnv real() {
    return with(new ProcessCommandRunner(1 << 20));
  }

  public static ProbeEnv with(CommandRunner commands) {
    return new ProbeEnv(
        Clock.systemUTC(),
        Path.of("/proc"),
        Path.of("/sys"),
        Path.of("/etc"),
        Path.of("/run"),
        Path.of("/var/log"),
        commands);
  }

  /** The first section of {@code ini}; fails when the text has configuration errors. */
  public static Section section(String ini) {
    ConfigReport report = new ConfigReport();
    Section s = IniFile.parse("test.ini", ini, report).sections().get(0);
    assertThat(report.errors()).as("config errors in\n%s", ini).isEmpty();
    return s;
  }

  /** The first section of {@code ini} with whatever errors it has (for validation tests). */
  public static Section section(String ini, ConfigReport report) {
    return IniFile.parse("test.ini", ini, report).sections().get(0);
  }
}
