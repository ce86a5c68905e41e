package io.botasky.agent.probe.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is wrong with a [command:NAME] section is known at load, with file, line and key. */
class CommandProbeFactoryTest {
  final ProbeEnv env = TestEnv.real().withHost("db7");

  private ConfigReport load(String body) {
    ConfigReport report = new ConfigReport();
    new CommandProbeFactory().create(TestEnv.section("[command:nginx]\n" + body, report), env);
    return report;
  }

  private static String only(ConfigReport r) {
    assertThat(r.errors()).hasSize(1);
    Problem p = r.errors().get(0);
    return p.toString();
  }

  @Test
  void aGoodSectionSplitsAndSubstitutes() {
    CommandProbe p =
        (CommandProbe)
            new CommandProbeFactory()
                .create(
                    TestEnv.section(
                        "[command:nginx]\ncommand = /usr/lib/nagios/plugins/check_dummy 0"
                            + " 'on :host: for :instance:'\n"),
                    env);
    assertThat(p.argv())
        .containsExactly("/usr/lib/nagios/plugins/check_dummy", "0", "on db7 for nginx");
    assertThat(p.id()).isEqualTo("command:nginx");
    assertThat(load("command = check_dummy 0\n").errors()).as("a bare name: run time").isEmpty();
  }

  @Test
  void anEmptyCommandAndAnUnterminatedQuote() {
    assertThat(only(load("command =\n")))
        .contains(":2:")
        .contains("command")
        .contains("is required");
    assertThat(only(load("command = '' \n"))).contains("program name is empty");
    assertThat(only(load("command = check_dummy 'abc\n")))
        .contains(":2:")
        .contains("command")
        .contains("unterminated single quote");
    assertThat(only(load("timeout = 5s\n"))).contains("command").contains("is required");
  }

  @Test
  void anAbsoluteProgramMustExistBeAFileAndExecutable(@TempDir Path dir) throws Exception {
    assertThat(only(load("command = /nonexistent/check_x -w 1\n"))).contains("no such file");
    assertThat(only(load("command = " + dir + "\n"))).contains("is a directory");
    Path plain = dir.resolve("plain");
    Files.writeString(plain, "#!/bin/sh\n");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(only(load("command = " + plain + "\n"))).contains("not executable");
    assertThat(only(load("command = bin/check_x\n"))).contains("give an absolute path");
  }

  @Test
  void aSectionWithoutANameIsAnError() {
    ConfigReport report = new ConfigReport();
    new CommandProbeFactory()
        .create(TestEnv.section("[command]\ncommand = check_dummy 0\n", report), env);
    assertThat(only(report)).contains("needs a name");
  }
}
