package io.botasky.agent.probe.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.testkit.CannedServer;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.wire.Severity;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A [tcp] probe against a Gearman-like loopback server answering "status\n". */
class TcpProbeTest {
  // What gearmand 1.1 answers to "status": function, queued, running, workers; then ".".
  static final String STATUS = "resize\t0\t0\t2\nthumbnail\t3\t1\t1\n.\n";

  private static Probe probe(String body) {
    return new TcpProbeFactory().create(TestEnv.section("[tcp:gearman]\n" + body), TestEnv.real());
  }

  private static CannedServer gearman(String reply) throws Exception {
    return new CannedServer(
        0, "\n", r -> r.equals("status\n") ? reply.getBytes(StandardCharsets.UTF_8) : null);
  }

  @Test
  void aStatusReplyEndingInADotMatches() throws Exception {
    try (CannedServer srv = gearman(STATUS)) {
      CollectingSink r =
          CollectingSink.round(
              probe("port = " + srv.port() + "\nsend = \"status\\n\"\nexpect = \"^\\.$\"\n"));
      assertThat(r.get("unreachable").ok()).isTrue();
      assertThat(r.get("unexpected_reply").ok()).as(r.get("unexpected_reply").summary()).isTrue();
      assertThat(r.get("slow").ok()).isTrue();
      assertThat(r.samples()).containsEntry("tcp.up", 1.0).containsKey("tcp.connect_ms");
      assertThat(srv.requests()).containsExactly("status\n");
    }
  }

  @Test
  void anotherReplyIsUnexpectedAndQuotesWhatArrived() throws Exception {
    try (CannedServer srv = gearman("ERR unknown_command\n")) {
      CollectingSink r =
          CollectingSink.round(
              probe("port = " + srv.port() + "\nsend = status\\n\nexpect = ^\\.$\n"));
      assertThat(r.get("unexpected_reply").severity()).isEqualTo(Severity.CRITICAL);
      assertThat(r.get("unexpected_reply").summary())
          .contains("closed the connection", "ERR unknown_command\\n");
    }
  }

  @Test
  void aSilentPeerIsUnexpectedAtTheTimeout() throws Exception {
    try (CannedServer srv = new CannedServer(0, "\n", r -> null)) {
      CollectingSink r =
          CollectingSink.round(
              probe(
                  "port = "
                      + srv.port()
                      + "\nsend = status\\n\nexpect = x\n"
                      + "timeout = 1s\ninterval = 1s\n"));
      assertThat(r.get("unexpected_reply").summary()).contains("within the timeout");
    }
  }

  @Test
  void anUnexpectedReplyFiresAndResolvesWhenTheServerIsRight() throws Exception {
    AtomicReference<String> reply = new AtomicReference<>("ERR busy\n");
    try (CannedServer srv =
        new CannedServer(0, "\n", r -> reply.get().getBytes(StandardCharsets.UTF_8))) {
      Probe p = probe("port = " + srv.port() + "\nsend = status\\n\nexpect = ^\\.$\n");
      assertThat(CollectingSink.round(p).firing("unexpected_reply")).isTrue();
      reply.set(STATUS);
      assertThat(CollectingSink.round(p).get("unexpected_reply").ok()).isTrue();
    }
  }

  /**
   * A listener that never accepts, its queue full: Linux drops the SYN and the client retries after
   * about 1 s (RFC 6298's initial RTO), so the connect is slow but succeeds once the queue has room
   * again.
   */
  @Test
  void aFullAcceptQueueMakesTheConnectSlowAndARoomyOneResolvesIt() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Probe p =
          probe("port = " + s.getLocalPort() + "\nslow_warning = 500ms\nslow_critical = 5s\n");
      assertThat(CollectingSink.round(p).get("slow").ok()).isTrue();
      s.accept().close();
      List<Socket> filling = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          filling.add(new Socket(InetAddress.getLoopbackAddress(), s.getLocalPort()));
        }
        Thread drain =
            new Thread(
                () -> {
                  try {
                    // Long after the probe's first SYN, even on a busy machine: its connect then
                    // succeeds at a retry (about 1 s or 3 s), between the two limits either way.
                    Thread.sleep(1500);
                    for (int i = 0; i < 3; i++) {
                      s.accept().close();
                    }
                  } catch (Exception e) {
                    // The test's own assertions say what went wrong.
                  }
                });
        drain.start();
        CollectingSink slow = CollectingSink.round(p);
        drain.join(5000);
        assertThat(slow.get("slow").severity())
            .as("%s", slow.get("slow").summary())
            .isEqualTo(Severity.WARNING);
      } finally {
        for (Socket f : filling) {
          f.close();
        }
      }
      Thread accepting =
          new Thread(
              () -> {
                try {
                  s.accept().close();
                } catch (Exception e) {
                  // Closed at the end of the test.
                }
              });
      accepting.start();
      assertThat(CollectingSink.round(p).get("slow").ok()).isTrue();
      accepting.join(5000);
    }
  }

  @Test
  void aClosedPortIsUnreachable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    CollectingSink r = CollectingSink.round(probe("port = " + closed + "\n"));
    assertThat(r.get("unreachable").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.get("unreachable").summary()).contains("127.0.0.1:" + closed, "refused");
    assertThat(r.samples()).containsEntry("tcp.up", 0.0).doesNotContainKey("tcp.connect_ms");
    CollectingSink dns = CollectingSink.round(probe("host = nonexistent.invalid\nport = 80\n"));
    assertThat(dns.get("unreachable").summary()).contains("DNS lookup failed");
  }
}
