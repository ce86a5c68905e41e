package io.botasky.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.collector.ingest.DatabaseHealth;
import io.botasky.collector.testkit.EventLoad;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.ServiceScript;
import io.botasky.common.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/pihealthd on a real 3-node MariaDB Galera cluster (scripts/services/galera.sh) through a
 * Connector/J multi-host db_url (docs/operations.md, "High availability"): under load from client
 * threads that resend a batch with the same ids until it is answered 200, the node the collector is
 * connected to is killed -9, load goes on, the node restarts and rejoins by IST; at the end every
 * event answered 200 is in alert_events exactly once, on every node, and the alerts are consistent.
 * And the two errors Galera adds, as Connector/J reports them, are handled as the collector handles
 * deadlocks and outages.
 */
class GaleraIngestIT {
  private static final ServiceScript GALERA = new ServiceScript("galera");
  private static final String ADMIN = "galera-admin-token-0123456789";
  private static AutoCloseable lease;
  private static boolean started;
  private static Path dir;

  @TempDir Path tmp;

  @BeforeAll
  static void cluster() throws Exception {
    lease = GALERA.exclusive();
    GALERA.start(); // fails under CI=true, skips elsewhere when the cluster cannot run
    started = true;
    dir =
        Path.of(System.getenv().getOrDefault("BOTASKY_SVC_DIR", "/var/tmp/botasky-svc"), "galera");
  }

  @AfterAll
  static void release() throws Exception {
    if (started) {
      GALERA.start(); // a node left down by a failed test comes back
    }
    if (lease != null) {
      lease.close();
    }
  }

  private static int port(int node) throws Exception {
    return Integer.parseInt(Files.readString(dir.resolve("node" + node + ".port")).strip());
  }

  private static Connection node(int n, String db) throws Exception {
    return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port(n) + "/" + db, "root", "");
  }

  /** The node holding the collector's connections to {@code db} (most of them, if on several). */
  private static int nodeInUse(String db) throws Exception {
    int best = 0;
    long most = 0;
    for (int n = 1; n <= 3; n++) {
      try (Connection c = node(n, "information_schema");
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT COUNT(*) FROM PROCESSLIST WHERE DB = '" + db + "'")) {
        rs.next();
        if (rs.getLong(1) > most) {
          most = rs.getLong(1);
          best = n;
        }
      }
    }
    return best;
  }

  @Test
  void aNodeKilledUnderLoadLosesNothingAnswered200() throws Exception {
    String server = GALERA.run("url").strip();
    try (TestDatabase db = TestDatabase.createOn(server, "root", "", tmp)) {
      int port = Daemon.freePort();
      Path conf = tmp.resolve("pihealthd.conf");
      Files.writeString(
          conf,
          "master = galera\nclient_port = "
              + port
              + "\nbind = 127.0.0.1\n"
              // Failover mode (docs/operations.md): one node takes every write while it lives;
              // the pool opens connections with failOverReadOnly=false itself.
              + "db_url = "
              + db.settings().url()
              + "\n"
              + "db_user = root\ndb_password = \nadmin_token = "
              + ADMIN
              + "\nPIHealthLog = "
              + tmp.resolve("pihealthd.log")
              + "\ndata_dir = "
              + tmp.resolve("data")
              + "\n");
      try (Daemon d = Daemon.start(tmp.resolve("stdout.txt"), "pihealthd", "-c", conf.toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
        EventLoad load;
        int victim;
        try (EventLoad l = new EventLoad("http://127.0.0.1:" + port, ADMIN, "galera", 4)) {
          load = l;
          await().atMost(Duration.ofSeconds(60)).until(() -> l.acked() > 500);
          victim = nodeInUse(db.name());
          assertThat(victim).as("a node holds the collector's connections").isPositive();
          GALERA.run("kill", Integer.toString(victim));
          int atKill = l.acked();
          await().atMost(Duration.ofSeconds(90)).until(() -> l.acked() > atKill + 500);
          GALERA.run("start-node", Integer.toString(victim));
          int atRejoin = l.acked();
          await().atMost(Duration.ofSeconds(90)).until(() -> l.acked() > atRejoin + 500);
          l.stop(Duration.ofSeconds(60));
        }
        assertThat(d.alive()).as("pihealthd survived the node loss").isTrue();
        for (int n = 1; n <= 3; n++) {
          try (Connection c = node(n, db.name())) {
            // wsrep_sync_wait: the read waits until this node applied every earlier write set.
            try (Statement s = c.createStatement()) {
              s.execute("SET SESSION wsrep_sync_wait = 1");
            }
            load.verify(c);
          }
        }
        // What the collector went through, for whoever reads the report (docs/operations.md).
        try (var lines = Files.lines(tmp.resolve("pihealthd.log"))) {
          lines
              .filter(x -> x.contains("WARN") || x.contains("ERROR"))
              .filter(x -> !x.contains("/readyz"))
              .limit(20)
              .forEach(x -> System.out.println("pihealthd: " + x));
        }
        System.out.printf(
            "GaleraIngestIT: node %d killed and rejoined; %d events answered 200, %d requests"
                + " resent%n",
            victim, load.acked(), load.failures());
      }
    }
  }

  /**
   * Galera's own errors (docs/operations.md, "The database: Galera"): a certification conflict (two
   * nodes changed one row; the second commit loses) is error 1213, retried by the collector like a
   * deadlock; a node that is not ready (joining, or rejecting queries) answers 1047 / 08S01, an
   * outage: the request gets 503, the agent resends it, the pool drops the connection.
   */
  @Test
  void certificationConflictsAreRetriedAndANodeNotReadyIsAnOutage() throws Exception {
    String server = GALERA.run("url").strip();
    try (TestDatabase db = TestDatabase.createOn(server, "root", "", tmp)) {
      try (Connection c = node(1, db.name());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        s.execute("INSERT INTO t VALUES (1, 0)");
      }
      SQLException conflict = null;
      try (Connection c1 = node(1, db.name());
          Connection c2 = node(2, db.name())) {
        c1.setAutoCommit(false);
        c2.setAutoCommit(false);
        c1.createStatement().executeUpdate("UPDATE t SET v = 1 WHERE id = 1");
        c2.createStatement().executeUpdate("UPDATE t SET v = 2 WHERE id = 1");
        c1.commit();
        try {
          c2.commit();
        } catch (SQLException e) {
          conflict = e;
        }
      }
      assertThat((Throwable) conflict).as("the second commit loses certification").isNotNull();
      assertThat(conflict.getErrorCode()).isEqualTo(1213);
      assertThat(DatabaseHealth.isRetryable(conflict)).isTrue();
      assertThat(DatabaseHealth.isOutage(conflict)).isFalse();

      SQLException notReady = null;
      try (Connection admin = node(3, db.name());
          Statement s = admin.createStatement()) {
        s.execute("SET GLOBAL wsrep_reject_queries = ALL");
        try (Connection c = node(3, db.name());
            Statement q = c.createStatement()) {
          q.executeQuery("SELECT COUNT(*) FROM t");
        } catch (SQLException e) {
          notReady = e;
        } finally {
          s.execute("SET GLOBAL wsrep_reject_queries = NONE");
        }
      }
      assertThat((Throwable) notReady).as("a node rejecting queries refuses them").isNotNull();
      assertThat(notReady.getErrorCode()).isEqualTo(1047);
      assertThat(DatabaseHealth.isOutage(notReady)).isTrue();
    }
  }
}
