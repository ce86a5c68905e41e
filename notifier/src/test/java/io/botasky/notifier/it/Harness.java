package io.botasky.notifier.it;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.db.DataSources;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.notifier.Notifier;
import io.botasky.notifier.NotifierSettings;
import io.botasky.notifier.NotifierWiring;
import io.botasky.notifier.channel.mail.MailSettings;
import io.botasky.notifier.policy.Escalation;
import io.botasky.notifier.policy.EscalationFile;
import io.botasky.notifier.policy.Scope;
import io.botasky.notifier.store.NotifierSchema;
import jakarta.mail.Session;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A database, an escalation file and notifiers on it, plus helpers that write alert rows the way
 * the collector documents it. One per test.
 */
final class Harness implements AutoCloseable {
  final TestDatabase db;
  final HikariDataSource ds;
  final Path dir;
  final Clock clock;
  final List<Notifier> notifiers = new ArrayList<>();

  Harness(TestDatabase.Engine engine, Path dir, Clock clock) throws Exception {
    this(TestDatabase.create(engine, dir), dir, clock);
  }

  /** On a database made elsewhere (a fresh one on the Galera test cluster). */
  Harness(TestDatabase db, Path dir, Clock clock) throws Exception {
    this.db = db;
    this.dir = dir;
    this.clock = clock;
    this.ds = DataSources.open(db.settings(), "test");
    NotifierSchema.migrate(ds, db.settings().dialect());
  }

  static Escalation escalation(String text) {
    ConfigReport r = new ConfigReport();
    Escalation e = EscalationFile.parse(IniFile.parse("escalation.conf", text, r));
    if (!r.all().isEmpty()) {
      throw new IllegalArgumentException(r.all().toString());
    }
    return e;
  }

  NotifierSettings config(int smtpPort, URI redis, Duration poll) {
    return new NotifierSettings(
        "pi1",
        db.settings(),
        redis,
        dir.resolve("escalation.conf"),
        "127.0.0.1",
        smtpPort,
        "",
        "",
        false,
        false,
        "botasky@pi1",
        dir.resolve("boird.log"),
        alertLog(),
        poll,
        null);
  }

  Path alertLog() {
    return dir.resolve("alerts.log");
  }

  Notifier start(NotifierSettings cfg, Escalation esc, String name) throws Exception {
    return start(cfg, esc, name, Scope.all());
  }

  Notifier start(NotifierSettings cfg, Escalation esc, String name, Scope scope) throws Exception {
    return start(cfg, esc, name, scope, MailSettings::session);
  }

  Notifier start(
      NotifierSettings cfg,
      Escalation esc,
      String name,
      Scope scope,
      Function<MailSettings, Session> sessions)
      throws Exception {
    Notifier n =
        NotifierWiring.create(cfg, esc, scope, clock, name, new Random(name.hashCode()), sessions);
    n.start();
    notifiers.add(n);
    return n;
  }

  void wakeAll() {
    notifiers.forEach(Notifier::wake);
  }

  long insertAlert(
      String host, String resource, String instance, String check, String severity, String summary)
      throws Exception {
    long now = clock.millis();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alerts (open_key, host, resource, instance, `check`, severity, state,"
                    + " summary, `value`, threshold, details, first_seen, last_seen, occurrences,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?, 'firing', ?, 42, 30, '{}', ?, ?, 1,"
                    + " ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, sha(host + "/" + resource + "/" + instance + "/" + check));
      ps.setString(2, host);
      ps.setString(3, resource);
      ps.setString(4, instance);
      ps.setString(5, check);
      ps.setString(6, severity);
      ps.setString(7, summary);
      ps.setLong(8, now);
      ps.setLong(9, now);
      ps.setLong(10, now);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * An alert the collector stores already resolved (firing and resolved replayed together from an
   * agent's spool), first seen {@code lived} ago.
   */
  long insertResolved(
      String host, String resource, String instance, String check, String severity, Duration lived)
      throws Exception {
    long now = clock.millis();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alerts (host, resource, instance, `check`, severity, state, summary,"
                    + " details, first_seen, last_seen, occurrences, resolved_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, 'resolved', 'down a while', '{}', ?, ?, 1, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, host);
      ps.setString(2, resource);
      ps.setString(3, instance);
      ps.setString(4, check);
      ps.setString(5, severity);
      ps.setLong(6, now - lived.toMillis());
      ps.setLong(7, now);
      ps.setLong(8, now);
      ps.setLong(9, now);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void update(String sql, Object... args) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  void ack(long id, String by) throws Exception {
    long now = clock.millis();
    update(
        "UPDATE alerts SET state = 'acked', acked_by = ?, acked_at = ?, ack_comment = 'on it',"
            + " updated_at = ? WHERE id = ?",
        by,
        now,
        now,
        id);
  }

  void resolve(long id) throws Exception {
    long now = clock.millis();
    update(
        "UPDATE alerts SET state = 'resolved', resolved_at = ?, open_key = NULL, updated_at = ?"
            + " WHERE id = ?",
        now,
        now,
        id);
  }

  /**
   * Requests a test mail as the collector does (a {@code test_mails} row, valid for an hour);
   * returns its id.
   */
  long testMail(String address) throws Exception {
    long now = clock.millis();
    return testMail(address, now, now + Duration.ofHours(1).toMillis());
  }

  long testMail(String address, long requestedAt, long expiresAt) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO test_mails (address, requested_at, expires_at) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, address);
      ps.setLong(2, requestedAt);
      ps.setLong(3, expiresAt);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  long count(String sql, Object... args) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  List<String> logLines() throws Exception {
    return Files.exists(alertLog())
        ? Files.readAllLines(alertLog(), StandardCharsets.UTF_8)
        : List.of();
  }

  static List<String> subjects(jakarta.mail.internet.MimeMessage[] received) throws Exception {
    List<String> out = new ArrayList<>();
    for (var m : received) {
      out.add(m.getSubject() + " -> " + m.getAllRecipients()[0]);
    }
    return out;
  }

  static String sha(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() throws Exception {
    for (Notifier n : notifiers) {
      n.stop();
    }
    ds.close();
    db.close();
  }
}
