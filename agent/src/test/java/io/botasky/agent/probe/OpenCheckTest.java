package io.botasky.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The keys every open-check section shares: defaults, limits, and errors naming the key. */
class OpenCheckTest {
  private final ConfigReport report = new ConfigReport();

  private OpenCheck read(String body) {
    Section s = IniFile.parse("colConfig.ini", "[tcp:x]\n" + body, report).sections().get(0);
    return OpenCheck.read(s);
  }

  @Test
  void defaultsAreOneMinuteAndTenSeconds() {
    OpenCheck c = read("");
    assertThat(c).isEqualTo(new OpenCheck(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    assertThat(report.all()).isEmpty();
  }

  @Test
  void theDefaultTimeoutShrinksToAShortInterval() {
    assertThat(read("interval = 5s\n").timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(report.all()).isEmpty();
  }

  @Test
  void aWrittenTimeoutLongerThanTheIntervalIsAnErrorOnItsKey() {
    read("interval = 5s\ntimeout = 30s\n");
    assertThat(report.errors())
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).contains("colConfig.ini:3", "timeout"));
  }

  @Test
  void theRunnerGivesARoundTwoSecondsBeyondItsTimeout() {
    OpenCheck c = read("timeout = 3s\n");
    Probe p =
        new Probe() {
          @Override
          public String id() {
            return "tcp:x";
          }

          @Override
          public void run(ProbeSink sink) {}
        };
    assertThat(c.schedule(p).deadline()).isEqualTo(Duration.ofSeconds(5));
  }
}
