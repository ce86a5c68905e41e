package io.botasky.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.botasky.collector.testkit.EventLoad;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real bin/pihealthd on one MariaDB database behind a real nginx (Debian's package, its own
 * process, prefix and config written here), round robin with the upstream block of
 * docs/operations.md "High availability": under load from clients that resend a batch with the same
 * ids until it is answered 200, one collector is killed -9 and started again; at the end nothing
 * answered 200 is lost and nothing is stored twice.
 */
class NginxTwoCollectorsIT {
  private static final String ADMIN = "nginx-ha-admin-token-0123456789";
  private static final Path NGINX = Path.of("/usr/sbin/nginx");

  @TempDir Path tmp;

  /** The upstream block of docs/operations.md, "High availability", on the given ports. */
  static String nginxConf(Path prefix, int listen, int collectorA, int collectorB) {
    return """
    worker_processes 1;
    pid %1$s/nginx.pid;
    error_log %1$s/error.log warn;
    events { worker_connections 256; }
    http {
      log_format upstream '$status $upstream_addr $upstream_status';
      access_log %1$s/access.log upstream;
      client_body_temp_path %1$s/body;
      proxy_temp_path %1$s/proxy;
      fastcgi_temp_path %1$s/fastcgi;
      uwsgi_temp_path %1$s/uwsgi;
      scgi_temp_path %1$s/scgi;
      client_body_buffer_size 1m;
      upstream botasky_collectors {
        server 127.0.0.1:%3$d max_fails=1 fail_timeout=5s;
        server 127.0.0.1:%4$d max_fails=1 fail_timeout=5s;
        keepalive 16;
      }
      server {
        listen 127.0.0.1:%2$d;
        location / {
          proxy_pass http://botasky_collectors;
          proxy_http_version 1.1;
          proxy_set_header Connection "";
          proxy_set_header Host $host;
          proxy_set_header X-Forwarded-For $remote_addr;
          proxy_next_upstream error timeout http_502 http_503;
          proxy_connect_timeout 2s;
          proxy_read_timeout 30s;
        }
      }
    }
    """
        .formatted(prefix, listen, collectorA, collectorB);
  }

  private Path collectorConf(String name, int port, TestDatabase db) throws IOException {
    Path conf = tmp.resolve(name + ".conf");
    Files.writeString(
        conf,
        "master = "
            + name
            + "\nclient_port = "
            + port
            + "\nbind = 127.0.0.1\ndb_url = "
            + db.settings().url()
            + "\ndb_user = "
            + db.settings().user()
            + "\ndb_password = "
            + db.settings().password()
            + "\nadmin_token = "
            + ADMIN
            + "\nPIHealthLog = "
            + tmp.resolve(name + ".log")
            + "\ndata_dir = "
            + tmp.resolve(name + "-data")
            + "\n");
    return conf;
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void oneCollectorKilledUnderLoadLosesNothing() throws Exception {
    if (!Files.isExecutable(NGINX)) {
      String why = NGINX + " missing: scripts/services/nginx.sh start installs nginx-light on CI";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp)) {
      int portA = Daemon.freePort();
      int portB = Daemon.freePort();
      int front = Daemon.freePort();
      Path confA = collectorConf("ha-a", portA, db);
      Path confB = collectorConf("ha-b", portB, db);
      Path prefix = tmp.resolve("nginx");
      Files.createDirectories(prefix);
      Files.writeString(prefix.resolve("nginx.conf"), nginxConf(prefix, front, portA, portB));
      Path outA = tmp.resolve("a.out");
      Path outB = tmp.resolve("b.out");
      Process nginx =
          new ProcessBuilder(
                  List.of(
                      NGINX.toString(),
                      "-p",
                      prefix.toString(),
                      "-c",
                      prefix.resolve("nginx.conf").toString(),
                      "-g",
                      "daemon off;"))
              .redirectErrorStream(true)
              .redirectOutput(prefix.resolve("nginx.out").toFile())
              .start();
      // One collector first: both would run the schema migration at once otherwise.
      Daemon a = Daemon.start(outA, "pihealthd", "-c", confA.toString());
      Daemon b = null;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(portA));
        b = Daemon.start(outB, "pihealthd", "-c", confB.toString());
        int pb = portB;
        await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(pb));
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(front));

        EventLoad load;
        try (EventLoad l = new EventLoad("http://127.0.0.1:" + front, ADMIN, "ha", 4)) {
          load = l;
          await().atMost(Duration.ofSeconds(60)).until(() -> l.acked() > 500);
          a.kill();
          int atKill = l.acked();
          await().atMost(Duration.ofSeconds(60)).until(() -> l.acked() > atKill + 500);
          a = Daemon.start(outA, "pihealthd", "-c", confA.toString());
          await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(portA));
          int atRestart = l.acked();
          await().atMost(Duration.ofSeconds(60)).until(() -> l.acked() > atRestart + 500);
          l.stop(Duration.ofSeconds(60));
        }
        assertThat(b.alive()).as("the other collector kept running").isTrue();
        String access = Files.readString(prefix.resolve("access.log"));
        assertThat(access)
            .as("nginx spread the requests over both collectors")
            .contains("127.0.0.1:" + portA)
            .contains("127.0.0.1:" + portB);
        try (Connection c =
            DriverManager.getConnection(
                db.settings().url(), db.settings().user(), db.settings().password())) {
          load.verify(c);
        }
        System.out.printf(
            "NginxTwoCollectorsIT: %d events answered 200, %d requests resent, %d requests through"
                + " nginx%n",
            load.acked(), load.failures(), access.lines().count());
      } finally {
        a.close();
        if (b != null) {
          b.close();
        }
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
          nginx.destroyForcibly().waitFor();
        }
      }
    }
  }
}
