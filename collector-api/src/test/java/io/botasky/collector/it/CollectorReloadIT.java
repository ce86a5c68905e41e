package io.botasky.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.wire.Json;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bin/pihealthd reloaded with SIGHUP (docs/operations.md, "Reload"): a new agent token
 * works at once and a removed one gets 401 on its next request, over a connection opened before the
 * reload; a broken file is refused whole (every problem logged with file and line, the old tokens
 * still in force) and raises pihealthd/config/reload_failed; the next good reload resolves it.
 */
class CollectorReloadIT {
  static final String ADMIN = "reload-admin-token-0123456789";
  static final String TOKEN_A = "reload-token-a-0123456789";
  static final String TOKEN_B = "reload-token-b-0123456789";
  static final String TOKEN_C = "reload-token-c-0123456789";

  /** A reload is quick. On failure the daemon's log is printed: it goes with the temporary dir. */
  static final Duration RELOAD = Duration.ofSeconds(10);

  @TempDir Path tmp;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  int port;

  @Test
  void reloadSwapsTokensAndRefusesABrokenFile() throws Exception {
    port = Daemon.freePort();
    Path tokens = tmp.resolve("tokens");
    Files.writeString(tokens, "hosta = " + TOKEN_A + "\nhostc = " + TOKEN_C + "\n");
    Path log = tmp.resolve("pihealthd.log");
    Path conf = tmp.resolve("pihealthd.conf");
    String good =
        String.join(
            "\n",
            "master = reload",
            "client_port = " + port,
            "bind = 127.0.0.1",
            "admin_token = " + ADMIN,
            "agent_tokens = " + tokens,
            "PIHealthLog = " + log,
            "data_dir = " + tmp.resolve("data"),
            "");
    Files.writeString(conf, good);
    try (Daemon d = Daemon.start(tmp.resolve("out.txt"), "pihealthd", "-c", conf.toString())) {
      try {
        swapsTokensAndRefusesABrokenFile(d, tokens, log, conf, good);
      } catch (Throwable t) {
        System.out.println(Files.exists(log) ? Files.readString(log) : d.output());
        throw t;
      }
    }
  }

  private void swapsTokensAndRefusesABrokenFile(
      Daemon d, Path tokens, Path log, Path conf, String good) throws Exception {
    await().atMost(Duration.ofSeconds(90)).until(() -> Daemon.ready(port));
    assertThat(post("hosta", TOKEN_A)).isEqualTo(200);
    assertThat(post("hostb", TOKEN_B)).isEqualTo(401);
    // Two agents' keep-alive connections, opened before the reload.
    try (KeepAlive a = new KeepAlive(port);
        KeepAlive c = new KeepAlive(port)) {
      assertThat(a.post(body("hosta"), TOKEN_A)).isEqualTo(200);
      assertThat(c.post(body("hostc"), TOKEN_C)).isEqualTo(200);

      // hostb added, hosta removed: both take effect with the reload.
      Files.writeString(tokens, "hostb = " + TOKEN_B + "\nhostc = " + TOKEN_C + "\n");
      d.hangup();
      await().atMost(RELOAD).until(() -> post("hostb", TOKEN_B) == 200);
      assertThat(post("hosta", TOKEN_A)).isEqualTo(401);
      // hosta locked out on its open connection at its next request; hostc's connection stays.
      assertThat(a.post(body("hosta"), TOKEN_A)).isEqualTo(401);
      assertThat(c.post(body("hostc"), TOKEN_C)).isEqualTo(200);
      assertThat(c.post(body("hostc"), TOKEN_C)).isEqualTo(200);
    }
    assertThat(Files.readString(log)).contains("reload: ok, 2 agent tokens");

    // A broken file: refused whole, each problem logged, the previous tokens still in force.
    Files.writeString(tokens, "hostc = short\nhostb = " + TOKEN_B + "\n");
    Files.writeString(conf, good + "host_timeout = soon\nretention_logs = -1d\n");
    d.hangup();
    await().atMost(RELOAD).until(() -> Files.readString(log).contains("reload: refused"));
    String text = Files.readString(log);
    assertThat(text)
        .contains("reload: " + conf + ":")
        .contains("host_timeout")
        .contains("retention_logs");
    assertThat(post("hostb", TOKEN_B)).isEqualTo(200);
    await().atMost(RELOAD).untilAsserted(() -> assertThat(reloadFailed("firing")).hasSize(1));

    // The tokens file alone broken: refused as well, with its own file and line.
    Files.writeString(conf, good);
    d.hangup();
    await().atMost(RELOAD).until(() -> Files.readString(log).contains("reload: " + tokens + ":1"));
    assertThat(reloadFailed("firing")).hasSize(1);

    // Fixed: accepted, the alert resolved.
    Files.writeString(tokens, "hosta = " + TOKEN_A + "\nhostb = " + TOKEN_B + "\n");
    d.hangup();
    await().atMost(RELOAD).until(() -> post("hosta", TOKEN_A) == 200);
    await()
        .atMost(RELOAD)
        .untilAsserted(
            () -> {
              assertThat(reloadFailed("firing")).isEmpty();
              assertThat(reloadFailed("resolved")).hasSize(1);
            });
    // hosts and host_timeout: a host listed by a reload is expected from then on, its host_down
    // raised once the new host_timeout passes without a heartbeat.
    Files.writeString(conf, good + "hosts = pi-new\nhost_timeout = 2s\n");
    d.hangup();
    await()
        .atMost(RELOAD)
        .untilAsserted(() -> assertThat(get("/api/v1/hosts")).contains("\"pi-new\""));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(get("/api/v1/alerts?resource=host&state=firing"))
                    .contains("\"pi-new\"")
                    .contains("host_down"));
    assertThat(d.alive()).isTrue();
    assertThat(d.terminate(Duration.ofSeconds(15))).isZero();
  }

  private int post(String host, String token) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(host)))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** One HTTP/1.1 connection kept open across requests, as an agent's is. */
  static final class KeepAlive implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    KeepAlive(int port) throws Exception {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream());
    }

    /** POSTs an events body on this connection; the status (the connection must stay open). */
    int post(byte[] body, String token) throws Exception {
      String head =
          "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + token
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String status = line();
      int length = 0;
      for (String h = line(); !h.isEmpty(); h = line()) {
        if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(15).trim());
        }
      }
      in.readNBytes(length);
      return Integer.parseInt(status.split(" ")[1]);
    }

    private String line() throws Exception {
      StringBuilder sb = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new java.io.EOFException("connection closed");
        }
        if (b != '\r') {
          sb.append((char) b);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  private static byte[] body(String host) throws Exception {
    Map<String, Object> event =
        Map.of(
            "event_id",
            UUID.randomUUID().toString(),
            "resource",
            "system",
            "instance",
            "/",
            "check",
            "disk_usage",
            "state",
            "firing",
            "severity",
            "warning",
            "summary",
            "reload test");
    return Json.mapper().writeValueAsBytes(Map.of("host", host, "events", List.of(event)));
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private List<JsonNode> reloadFailed(String state) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/api/v1/alerts?resource=pihealthd&state="
                                + state))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    List<JsonNode> out = new ArrayList<>();
    Json.mapper()
        .readTree(body)
        .path("alerts")
        .forEach(
            a -> {
              if (a.path("instance").asText().equals("config")
                  && a.path("check").asText().equals("reload_failed")) {
                out.add(a);
              }
            });
    return out;
  }
}
