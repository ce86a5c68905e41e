package io.botasky.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.admin.BotaskyCommand;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.testkit.TestDatabase;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** HTTPS from PEM files (certificate made by openssl), and read_token guarding reads. */
class TlsAndReadTokenTest {
  @TempDir Path tmp;

  @Test
  void httpsOnlyWithPemFilesAndReadTokenGuardsReads() throws Exception {
    Path cert = tmp.resolve("cert.pem");
    Path key = tmp.resolve("key.pem");
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "1",
                "-subj",
                "/CN=localhost")
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    String readToken = "read-token-0123456789";
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.H2, tmp)) {
      String text =
          "client_port = 0\nbind = 127.0.0.1\ndata_dir = "
              + db.settings().dataDir()
              + "\nadmin_token = "
              + Collector.ADMIN
              + "\nread_token = "
              + readToken
              + "\ntls_cert = "
              + cert
              + "\ntls_key = "
              + key
              + "\n";
      ConfigReport report = new ConfigReport();
      PihealthdSettings conf =
          PihealthdSettings.from(
              tmp.resolve("c.conf"), ConfFile.parse("c.conf", text, report), "h");
      report.throwIfErrors();
      CollectorService s =
          new CollectorService(
              conf,
              Collector.AGENTS,
              SslContextBuilder.forServer(cert.toFile(), key.toFile()).build(),
              Clock.systemUTC());
      s.start();
      try {
        org.awaitility.Awaitility.await().until(() -> s.health().ready());
        int port = s.port();
        // Plain HTTP on the HTTPS port gets no answer the client can read.
        HttpClient plain = HttpClient.newHttpClient();
        assertThat(
                org.assertj.core.api.Assertions.catchThrowable(
                    () ->
                        plain.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/healthz"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())))
            .isNotNull();

        Path cliConf = tmp.resolve("pihealthd.conf");
        Files.writeString(
            cliConf,
            "client_port = "
                + port
                + "\nadmin_token = "
                + Collector.ADMIN
                + "\ntls_cert = "
                + cert
                + "\ntls_key = "
                + key
                + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
            new CommandLine(
                    new BotaskyCommand(new PrintWriter(out, true), new PrintWriter(err, true), "h"))
                .execute("-c", cliConf.toString(), "hosts");
        assertThat(code).as(err.toString()).isZero();

        // With read_token set, reads need it (or the admin token); an agent token is not enough.
        Files.writeString(
            cliConf,
            "client_port = " + port + "\ntls_cert = " + cert + "\ntls_key = " + key + "\n");
        code =
            new CommandLine(
                    new BotaskyCommand(new PrintWriter(out, true), new PrintWriter(err, true), "h"))
                .execute("-c", cliConf.toString(), "alerts");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("401");
        for (String read : new String[] {"services", "tree"}) {
          assertThat(
                  new CommandLine(
                          new BotaskyCommand(
                              new PrintWriter(out, true), new PrintWriter(err, true), "h"))
                      .execute("-c", cliConf.toString(), read))
              .as(read)
              .isEqualTo(1);
        }
        Files.writeString(
            cliConf,
            "client_port = "
                + port
                + "\nadmin_token = "
                + readToken
                + "\ntls_cert = "
                + cert
                + "\ntls_key = "
                + key
                + "\n");
        assertThat(
                new CommandLine(
                        new BotaskyCommand(
                            new PrintWriter(out, true), new PrintWriter(err, true), "h"))
                    .execute("-c", cliConf.toString(), "alerts"))
            .isZero();
        for (String read : new String[] {"services", "tree"}) {
          assertThat(
                  new CommandLine(
                          new BotaskyCommand(
                              new PrintWriter(out, true), new PrintWriter(err, true), "h"))
                      .execute("-c", cliConf.toString(), read))
              .as(read)
              .isZero();
        }
        Files.writeString(
            cliConf,
            "client_port = "
                + port
                + "\nadmin_token = "
                + Collector.tokenOf("pi3")
                + "\ntls_cert = "
                + cert
                + "\ntls_key = "
                + key
                + "\n");
        StringWriter err2 = new StringWriter();
        assertThat(
                new CommandLine(
                        new BotaskyCommand(
                            new PrintWriter(out, true), new PrintWriter(err2, true), "h"))
                    .execute("-c", cliConf.toString(), "alerts"))
            .isEqualTo(1);
        assertThat(err2.toString()).contains("403");
        // The read token cannot write.
        Files.writeString(
            cliConf,
            "client_port = "
                + port
                + "\nadmin_token = "
                + readToken
                + "\ntls_cert = "
                + cert
                + "\ntls_key = "
                + key
                + "\n");
        StringWriter err3 = new StringWriter();
        assertThat(
                new CommandLine(
                        new BotaskyCommand(
                            new PrintWriter(out, true), new PrintWriter(err3, true), "h"))
                    .execute(
                        "-c",
                        cliConf.toString(),
                        "silence",
                        "--host",
                        "x",
                        "--for",
                        "1h",
                        "--comment",
                        "c"))
            .isEqualTo(1);
        assertThat(err3.toString()).contains("403");
      } finally {
        s.stop();
      }
    }
  }
}
