package io.botasky.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Json;
import io.botasky.notifier.testing.Daemons;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 5: the injection strings through every sink, to the bytes written. The real {@code
 * bin/pihealthd}, {@code bin/boird} (both with {@code --debug}, so that request paths and every
 * decision are logged) and {@code bin/botasky}; GreenMail as the SMTP server. A forged VIP, a
 * summary full of terminal escapes, line and paragraph separators, bidi overrides and C1 controls,
 * and a request path with an encoded CR LF and ESC. Then, in {@code alerts.log}, {@code
 * pihealthd.log}, {@code boird.log}, the mail and the CLI's output: no line begins with what an
 * attacker wrote, and no raw control, bidi or separator character is there at all.
 */
class HostileSinksIT {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  /** What every forged line starts with; no line of any sink may. */
  static final String FORGED = "FORGEDLINE";

  static final String SUMMARY =
      "disk full\u001b[31m red\u001b[0m\r\n"
          + FORGED
          + " 2026-11-21T10:00:00.000Z FIRING CRITICAL pi9 mysql:1 x id=1 step=1 \"y\""
          + "\u2028"
          + FORGED
          + " sep\u2029"
          + FORGED
          + " para\u0085"
          + FORGED
          + " nel\u000b"
          + FORGED
          + " vt \u202eevil\u202c \u2066iso\u2069 \u200e\u200f \u009b2J \u001b]0;title\u0007 \u007f"
          + " end \" \\ quote";

  static final String VIP =
      "10.9.9.9\r\n" + FORGED + " 2026-11-21T10:00:00.000Z ERROR SplitBrainDetector: x\u001b[31m";

  /** Line breaks a terminal, an editor or a log viewer may honour. */
  private static final Pattern BREAKS =
      Pattern.compile("\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]");

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = Json.mapper();
  private final String token = "admin-" + UUID.randomUUID();
  private int port;

  @Test
  void injectionStringsReachNoSinkRaw() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp)) {
      port = Daemon.freePort();
      Files.writeString(
          tmp.resolve("escalation.conf"),
          """
          [contacts oncall]
          mail = ops@example.com
          [policy default]
          step1 = 0s log
          step2 = 0s mail oncall
          group_wait = 0s
          """);
      Path conf =
          Daemons.conf(
              tmp,
              db.settings(),
              Map.of(
                  "client_port",
                  String.valueOf(port),
                  "bind",
                  "127.0.0.1",
                  "admin_token",
                  token,
                  "smtp_host",
                  "127.0.0.1",
                  "smtp_port",
                  String.valueOf(smtp.getSmtp().getPort()),
                  "poll_interval",
                  "300ms"));
      Process collector = start("pihealthd", conf);
      Process notifier = null;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        notifier = start("boird", conf);
        await().atMost(Duration.ofSeconds(60)).until(() -> read("boird.log").contains("ready:"));

        // The forged VIP of the issue is refused, naming the entry; a name with controls too.
        HttpResponse<String> hb =
            send(
                "POST",
                "/api/v1/heartbeat",
                json.writeValueAsString(
                    Map.of("host", "pi3", "sysinfo", Map.of("vips_held", List.of(VIP)))));
        assertThat(hb.statusCode()).isEqualTo(400);
        assertThat(json.readTree(hb.body()).get("field").asText())
            .isEqualTo("sysinfo.vips_held[0]");
        assertThat(
                send("POST", "/api/v1/events", events("pi3", "x\u001b[31m", "summary"))
                    .statusCode())
            .isEqualTo(400);
        // A request path with an encoded CR LF and ESC is logged (at debug) with the rest.
        send(
            "GET",
            "/api/v1/%1b%5b31m%0d%0a" + FORGED + "%20path%e2%80%a8" + FORGED + "%20ls",
            null);

        HttpResponse<String> ev = send("POST", "/api/v1/events", events("pi3", "sda1", SUMMARY));
        assertThat(ev.statusCode()).as(ev.body()).isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> smtp.getReceivedMessages().length >= 1 && read("alerts.log").contains("id="));

        // alerts.log: exactly the contract's line, and nothing raw in it.
        String alerts = read("alerts.log");
        assertNoRawControls("alerts.log", alerts);
        for (String line : alerts.split("\n")) {
          assertThat(line)
              .as("alerts.log")
              .matches(
                  "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z FIRING WARNING pi3"
                      + " system:sda1 disk_usage id=\\d+ step=1 \".*\"");
        }
        assertThat(alerts)
            .contains(
                "disk full\\x1b[31m red\\x1b[0m\\r\\n" + FORGED,
                "\\u2028" + FORGED,
                "\\x85" + FORGED,
                "\\u202eevil",
                "\\x9b2J",
                "\\x7f end \\\" \\\\ quote\"");

        // The mail: subject (a header) and both parts.
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("[botasky] WARNING FIRING pi3 system:sda1 disk_usage");
        String raw = GreenMailUtil.getWholeMessage(m);
        assertNoRawControls("raw mail", raw.replace("\r\n", "\n"));
        assertThat(raw).doesNotContain("\u001b");
        String decoded = mailText(m);
        assertNoRawControls("mail text", decoded.replace("\r\n", "\n"));
        assertThat(decoded).contains("disk full\\x1b[31m red\\x1b[0m\\r\\n" + FORGED);

        // The CLI, through bin/botasky: the table and --json.
        String table = cli(conf, "alerts", "--host", "pi3");
        assertNoRawControls("botasky alerts", table);
        assertThat(table.lines()).hasSize(2);
        String out = cli(conf, "--json", "alerts", "--host", "pi3");
        assertNoRawControls("botasky --json alerts", out);
        assertThat(json.readTree(out).get("alerts").get(0).get("summary").asText())
            .isEqualTo(SUMMARY);

        notifier.destroy();
        assertThat(notifier.waitFor(15, TimeUnit.SECONDS)).isTrue();
      } finally {
        if (notifier != null) {
          notifier.destroyForcibly();
        }
        collector.destroy();
        if (!collector.waitFor(15, TimeUnit.SECONDS)) {
          collector.destroyForcibly();
        }
      }
      keep("alerts.log", "pihealthd.log", "boird.log");
      // The daemons' own logs, written at debug level: every request path and decision.
      String pihealthd = read("pihealthd.log");
      String boird = read("boird.log");
      assertThat(pihealthd).contains(FORGED);
      assertNoRawControls("pihealthd.log", pihealthd);
      assertNoRawControls("boird.log", boird);
    }
  }

  /**
   * No raw control, bidi or separator character but {@code \n} and tab; no line begins with a
   * forgery.
   */
  static void assertNoRawControls(String sink, String text) {
    List<String> bad = new ArrayList<>();
    text.codePoints()
        .filter(c -> c != '\n' && c != '\t' && SafeText.needsEscape(c))
        .forEach(c -> bad.add(String.format("U+%04X", c)));
    assertThat(bad).as(sink + " holds raw characters:\n" + text).isEmpty();
    for (String line : BREAKS.split(text)) {
      assertThat(line)
          .as(sink + ": a forged line")
          .doesNotStartWith(FORGED)
          .doesNotStartWith("2026-11-21T10:00:00.000Z");
    }
  }

  private static String mailText(MimeMessage m) throws Exception {
    Object c = m.getContent();
    if (c instanceof jakarta.mail.Multipart mp) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < mp.getCount(); i++) {
        sb.append(mp.getBodyPart(i).getContent()).append('\n');
      }
      return sb.toString();
    }
    return String.valueOf(c);
  }

  private String cli(Path conf, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(Daemon.repoRoot().resolve("bin/botasky").toString(), "-c", conf.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("botasky.err").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(read("botasky.err")).isZero();
    return out;
  }

  private String events(String host, String instance, String summary) throws Exception {
    return json.writeValueAsString(
        Map.of(
            "host",
            host,
            "events",
            List.of(
                Map.of(
                    "event_id",
                    UUID.randomUUID().toString(),
                    "resource",
                    "system",
                    "instance",
                    instance,
                    "check",
                    "disk_usage",
                    "state",
                    "firing",
                    "severity",
                    "warning",
                    "summary",
                    summary,
                    "details",
                    Map.of(),
                    "observed_at",
                    Instant.now().toString()))));
  }

  private Process start(String daemon, Path conf) throws Exception {
    return Daemons.start(daemon, conf, tmp.resolve(daemon + ".out"), "--debug");
  }

  /** Copies what the sinks wrote to target/hostile-sinks/, for a human to look at. */
  private void keep(String... names) throws java.io.IOException {
    Path dir = Path.of("target", "hostile-sinks");
    Files.createDirectories(dir);
    for (String n : names) {
      Files.writeString(dir.resolve(n), read(n), StandardCharsets.UTF_8);
    }
  }

  private String read(String name) {
    try {
      Path p = tmp.resolve(name);
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token);
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
