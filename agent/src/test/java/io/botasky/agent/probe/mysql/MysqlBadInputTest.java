package io.botasky.agent.probe.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.testkit.ServiceScript;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Wrong settings give a clear outcome naming the cause: never a crash, never a silent OK. */
class MysqlBadInputTest {
  private static CollectingSink round(String ini) {
    return CollectingSink.round(
        new MysqlProbeFactory().create(TestEnv.section(ini), TestEnv.real()));
  }

  @Test
  void wrongPasswordIsUnreachableSayingAccessDenied() throws Exception {
    ServiceScript db = new ServiceScript("mariadb-repl");
    try (AutoCloseable lease = db.exclusive()) {
      db.start();
      CollectingSink r = round("[mysql:13307]\nport = 13307\nuser = monitor\npassword = wrong\n");
      assertThat(r.firing("unreachable")).as("%s", r).isTrue();
      assertThat(r.get("unreachable").summary()).contains("Access denied").contains("monitor");
    }
  }

  @Test
  void unknownHostIsUnreachableNamingTheHost() {
    CollectingSink r =
        round("[mysql:x]\nhost = no-such-host.invalid\nport = 3306\nuser = monitor\n");
    assertThat(r.get("process_down")).as("a remote host has no local process check").isNull();
    assertThat(r.firing("unreachable")).as("%s", r).isTrue();
    assertThat(r.get("unreachable").summary()).contains("no-such-host.invalid");
  }

  @Test
  void aPortThatIsNotMysqlIsUnreachable() throws IOException {
    // A server that greets like HTTP and hangs up: not the MySQL handshake.
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (Socket s = server.accept();
                    OutputStream out = s.getOutputStream()) {
                  out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  // the test ends either way
                }
              });
      t.setDaemon(true);
      t.start();
      CollectingSink r =
          round(
              "[mysql:web]\nport = "
                  + server.getLocalPort()
                  + "\ncheck_process = false\n"
                  + "connect_timeout = 1s\ntimeout = 2s\n");
      assertThat(r.firing("unreachable")).as("%s", r).isTrue();
      assertThat(r.get("unreachable").summary()).contains("127.0.0.1:" + server.getLocalPort());
    }
  }

  @Test
  void nothingListeningLocallyIsProcessDown() {
    CollectingSink r = round("[mysql:13399]\nport = 13399\n");
    assertThat(r.firing("process_down")).as("%s", r).isTrue();
    assertThat(r.get("process_down").summary()).contains("13399");
  }

  @Test
  void badValuesAreConfigErrorsWithTheirKey() {
    ConfigReport report = new ConfigReport();
    new MysqlProbeFactory()
        .create(
            TestEnv.section(
                "[mysql:1]\nport = 99999\nrole = master\nlag_warning = 5m\n"
                    + "lag_critical = 1m\n",
                report),
            TestEnv.real());
    assertThat(report.errors())
        .extracting(p -> p.key())
        .containsExactlyInAnyOrder("port", "role", "lag_critical");
  }
}
