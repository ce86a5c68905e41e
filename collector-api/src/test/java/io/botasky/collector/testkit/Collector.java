package io.botasky.collector.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.collector.CollectorService;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.db.DbSettings;
import io.botasky.common.db.EmbeddedH2;
import io.botasky.common.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** An in-process pihealthd on a free port, with helpers to talk to it like an agent or an admin. */
public final class Collector implements AutoCloseable {
  public static final String ADMIN = "admin-token-0123456789";
  public static final Map<String, String> AGENTS =
      Map.of(
          "agent-token-pi3-0123456789", "pi3",
          "agent-token-pi4-0123456789", "pi4",
          "agent-token-pi5-0123456789", "pi5");
  public static final ObjectMapper JSON = Json.mapper();

  private final CollectorService service;
  private final DbSettings db;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Collector(CollectorService service, DbSettings db) {
    this.service = service;
    this.db = db;
  }

  /**
   * Starts a collector on {@code db}; {@code extraConf} adds pihealthd.conf lines. Waits until
   * ready.
   */
  public static Collector start(DbSettings db, Path tmp, Clock clock, String extraConf)
      throws Exception {
    Collector c = startUnready(db, tmp, clock, extraConf);
    await().atMost(Duration.ofSeconds(30)).until(() -> c.service.health().ready());
    return c;
  }

  /** Starts without waiting for the database (outage tests). */
  public static Collector startUnready(DbSettings db, Path tmp, Clock clock, String extraConf)
      throws Exception {
    String text =
        "master = testmaster\nclient_port = 0\nbind = 127.0.0.1\n"
            + "db_url = "
            + db.url()
            + "\ndb_user = "
            + db.user()
            + "\ndb_password = "
            + db.password()
            + "\n"
            + "data_dir = "
            + db.dataDir()
            + "\nadmin_token = "
            + ADMIN
            + "\n"
            + extraConf;
    ConfigReport report = new ConfigReport();
    PihealthdSettings conf =
        PihealthdSettings.from(
            tmp.resolve("pihealthd.conf"),
            ConfFile.parse("pihealthd.conf", text, report),
            "testhost");
    report.throwIfErrors();
    CollectorService s = new CollectorService(conf, AGENTS, null, clock);
    s.start();
    return new Collector(s, db);
  }

  public static String tokenOf(String host) {
    return AGENTS.entrySet().stream()
        .filter(e -> e.getValue().equals(host))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  public int port() {
    return service.port();
  }

  public CollectorService service() {
    return service;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public HttpResponse<String> post(String path, String token, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String token, Object body)
      throws IOException, InterruptedException {
    byte[] bytes =
        body instanceof String s
            ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : JSON.writeValueAsBytes(body);
    return post(path, token, "application/json", bytes);
  }

  public HttpResponse<String> send(String method, String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    return send("GET", path, token);
  }

  public static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** A statement on the database behind the collector's back (e.g. to break a table on purpose). */
  public void execute(String sql) throws SQLException, IOException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private Connection connect() throws SQLException, IOException {
    return db.embedded()
        ? EmbeddedH2.connect(db)
        : DriverManager.getConnection(db.url(), db.user(), db.password());
  }

  /** A single number from the database (counts in assertions). */
  public long count(String sql) throws SQLException, IOException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    service.stop();
  }
}
