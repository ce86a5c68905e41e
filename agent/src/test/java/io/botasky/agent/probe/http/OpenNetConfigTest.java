package io.botasky.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.OpenCheckFactory;
import io.botasky.agent.probe.tcp.TcpProbeFactory;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad [http] and [tcp] sections are errors at load naming file, line and key (exit 78): each row is
 * one section body, the line and key the error must name and a word of its message.
 */
class OpenNetConfigTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "url = ftp://x/                                 | 2 | url | http:// or https://",
        "url = http://exa mple/                         | 2 | url | not a valid URL",
        "url = http:///x                                | 2 | url | no host",
        "url = http://x:70000/                          | 2 | url | out of range",
        "method = POST                                  | 3 | method | GET or HEAD",
        "expect_status = 2xx                            | 3 | expect_status | 200-399",
        "expect_status = 399-200                        | 3 | expect_status | below its start",
        "expect_body = (unclosed                        | 3 | expect_body | not a valid regex",
        "slow_critical = 500ms                          | 3 | slow_critical | must not be below",
        "cert_critical = 20d                            | 3 | cert_critical | must not be above",
        "method = HEAD\\nexpect_body = ok                | 4 | expect_body | no body",
        "tls_verify = maybe                             | 3 | tls_verify | true or false",
      })
  void httpErrors(String body, int line, String key, String words) {
    String text = body.replace("\\n", "\n");
    String ini =
        "[http:site]\n"
            + (text.startsWith("url") ? text + "\n" : "url = http://127.0.0.1/\n" + text + "\n");
    assertError(new HttpProbeFactory(), ini, line, key, words);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "port = 0                  | 2 | port | 1 to 65535",
        "port = 65536              | 2 | port | 1 to 65535",
        "port = 80\\nsend = a\\q    | 3 | send | unknown escape",
        "port = 80\\nexpect = [a   | 3 | expect | not a valid regex",
        "port = 80\\nslow_warning = 3s | 3 | slow_warning | must not be below",
        "host = a b\\nport = 80    | 2 | host | host name",
      })
  void tcpErrors(String body, int line, String key, String words) {
    assertError(
        new TcpProbeFactory(), "[tcp:g]\n" + body.replace("\\n", "\n") + "\n", line, key, words);
  }

  private static void assertError(
      OpenCheckFactory f, String ini, int line, String key, String words) {
    ConfigReport report = new ConfigReport();
    f.create(TestEnv.section(ini, report), TestEnv.real());
    assertThat(report.errors())
        .as("errors of\n%s", ini)
        .extracting(Problem::toString)
        .anySatisfy(p -> assertThat(p).contains("test.ini:" + line + ":", key, words));
  }
}
