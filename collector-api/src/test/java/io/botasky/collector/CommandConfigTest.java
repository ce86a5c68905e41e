package io.botasky.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** pihealthd's configuration errors: file, line and key on stderr, exit 78, nothing started. */
class CommandConfigTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  boolean started;

  int run(String conf, String... extra) throws Exception {
    Path f = tmp.resolve("pihealthd.conf");
    Files.writeString(f, conf);
    PihealthdCommand cmd =
        new PihealthdCommand(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "pi1",
            Clock.systemUTC(),
            s -> started = true);
    String[] args = new String[extra.length + 2];
    args[0] = "-c";
    args[1] = f.toString();
    System.arraycopy(extra, 0, args, 2, extra.length);
    return new CommandLine(cmd).execute(args);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "client_port|abc|expected a whole number",
        "client_port|70000|expected a whole number from 0 to 65535",
        "host_timeout|30|expected a duration",
        "host_timeout|0s|must be greater than zero",
        "db_pool_size|1|expected a whole number from 2 to 200",
        "db_url|postgres://x/y|expected jdbc:mysql://",
        "redis_url|http://x|expected redis://",
        "public_url|ftp://pi1|expected http(s)://host[:port][/path]",
        "public_url|https://|expected http(s)://host[:port][/path]",
        "public_url|https://pi1/?a=b|expected http(s)://host[:port][/path]",
        "public_url|https://pi1/#x|expected http(s)://host[:port][/path]",
        "public_url|https://user:pw@pi1/|expected http(s)://host[:port][/path]",
        "public_url|pi1.example.com|expected http(s)://host[:port][/path]",
        "max_body|lots|expected a size",
        "max_body|10|expected a size from 1K to 256M",
        "retention_samples|forever|expected a duration",
        "retention_alerts|-1d|expected a duration",
        "smtp_port|0|expected a whole number from 1 to 65535",
        "smtp_starttls|maybe|expected true or false",
        "smtp_ssl|2|expected true or false",
        "mail_from|nobody|expected a mail address",
        "poll_interval|2|expected a duration",
        "tls_cert|/nonexistent.pem|tls_cert and tls_key must be set together",
        "agent_tokens|/nonexistent/tokens|file not found",
        "max_connections|8|expected a whole number from 16",
        "max_connections_per_peer|0|expected a whole number from 1",
        "request_timeout|0s|expected a duration from 1s to 600s",
        "idle_timeout|2h|expected a duration from 1s to 3600s",
        "max_inflight|100K|expected a size from 1M to 16G",
        "max_streams_per_peer|0|expected a whole number from 1 to 256",
        "admin_token|short-token|must be at least 16 characters",
        "read_token|short-token|must be at least 16 characters"
      })
  void everyBadValueNamesFileLineAndKey(String key, String value, String message) throws Exception {
    int code = run("master = pi1\n# a comment\n" + key + " = " + value + "\n", "--check-config");
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.CONFIG);
    assertThat(err.toString()).contains("pihealthd.conf:3: " + key + ": ").contains(message);
    assertThat(started).isFalse();
  }

  @Test
  void duplicatesAndGarbageAreErrorsAllReportedAtOnce() throws Exception {
    int code = run("master = a\nmaster = b\nthis is not a setting\nclient_port = x\n");
    assertThat(code).isEqualTo(78);
    assertThat(err.toString())
        .contains("pihealthd.conf:2: master: duplicate key, first set at line 1")
        .contains("pihealthd.conf:3: expected \"key = value\"")
        .contains("pihealthd.conf:4: client_port: expected a whole number");
    assertThat(started).isFalse();
  }

  @Test
  void unknownKeyIsAWarningWithSuggestionAndConfigStillLoads() throws Exception {
    int code = run("master = pi1\nsmtp_pasword = x\n", "--check-config");
    assertThat(code).isZero();
    assertThat(err.toString())
        .contains(
            "pihealthd.conf:2: unknown key \"smtp_pasword\" (did you mean \"smtp_password\"?),"
                + " ignored");
    assertThat(out.toString()).contains("configuration OK");
  }

  @Test
  void badAgentTokensFileNamesItsOwnLine() throws Exception {
    Path tokens = tmp.resolve("tokens");
    Files.writeString(
        tokens, "pi3 = short\npi4 = a-long-enough-token-4\npi5 = a-long-enough-token-4\n");
    int code = run("agent_tokens = " + tokens + "\n", "--check-config");
    assertThat(code).isEqualTo(78);
    assertThat(err.toString())
        .contains("tokens:1: pi3: token must be at least 16 characters")
        .contains("tokens:3: pi5: same token as host \"pi4\"");
  }

  @Test
  void anInflightBudgetTooSmallForMaxBodyIsAWarning() throws Exception {
    int code = run("master = pi1\nmax_body = 8M\n", "--check-config");
    assertThat(code).isZero();
    assertThat(err.toString())
        .contains(
            "pihealthd.conf:2: max_body: max_inflight (50331648 bytes) is less than 16 x max_body");
  }

  @Test
  void tokensMustBeDistinctAndNeverAppearInTheMessage() throws Exception {
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, "pi4 = a-long-enough-token-4\n");
    int code =
        run(
            "agent_tokens = "
                + tokens
                + "\nadmin_token = a-long-enough-token-4\nread_token = a-long-enough-token-4\n",
            "--check-config");
    assertThat(code).isEqualTo(78);
    assertThat(err.toString())
        .contains(
            "pihealthd.conf:2: admin_token: must differ from every agent token (it is the token of"
                + " host \"pi4\"")
        .contains("pihealthd.conf:3: read_token: must differ from admin_token")
        .doesNotContain("a-long-enough-token-4");
  }

  @Test
  void aPortInUseIsOneLineAndExit69() throws Exception {
    PihealthdCommand cmd =
        new PihealthdCommand(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "pi1",
            Clock.systemUTC(),
            s -> {
              throw new io.botasky.collector.http.HttpServer.BindFailure(
                  "cannot listen on 0.0.0.0:8732: Address already in use", null);
            });
    Path f = tmp.resolve("pihealthd.conf");
    Files.writeString(f, "master = pi1\nPIHealthLog = " + tmp.resolve("pihealthd.log") + "\n");
    assertThat(new CommandLine(cmd).execute("-c", f.toString())).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(err.toString())
        .as("the log setup copies errors to stderr; not printed twice")
        .isEmpty();
    assertThat(Files.readString(tmp.resolve("pihealthd.log")))
        .contains("start: cannot listen on 0.0.0.0:8732")
        .doesNotContain("\tat ");
  }

  @Test
  void missingFileIsAConfigError() throws Exception {
    PihealthdCommand cmd =
        new PihealthdCommand(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "pi1",
            Clock.systemUTC(),
            s -> started = true);
    assertThat(new CommandLine(cmd).execute("-c", tmp.resolve("nope.conf").toString()))
        .isEqualTo(78);
    assertThat(err.toString()).contains("nope.conf: file not found");
  }

  @Test
  void shippedSampleConfigLoadsWithoutErrorsOrWarnings() throws Exception {
    Path sample = Path.of("..", "config", "pihealthd.conf").toAbsolutePath().normalize();
    PihealthdCommand cmd =
        new PihealthdCommand(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "pi1",
            Clock.systemUTC(),
            s -> started = true);
    int code = new CommandLine(cmd).execute("-c", sample.toString(), "--check-config");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void startsTheServiceWithAGoodConfig() throws Exception {
    assertThat(run("master = pi1\nPIHealthLog = " + tmp.resolve("log/pihealthd.log") + "\n"))
        .isZero();
    assertThat(started).isTrue();
    assertThat(tmp.resolve("log/pihealthd.log")).exists();
  }
}
