package io.botasky.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.testkit.CannedServer;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.wire.Severity;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An [http] probe against loopback servers replaying nginx 1.22 answers (Debian 12): chunked and
 * Content-Length bodies, HEAD, redirects, a body past 64 KiB, a silent server; and against a closed
 * port and a name that does not resolve.
 */
class HttpProbeTest {
  // nginx serves static files with a Content-Length: this chunked answer is written by hand, to
  // cover the chunked reader.
  private static final String CHUNKED =
      "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sun, 06 Dec 2026 05:10:00 GMT\r\n"
          + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
          + "7\r\nbotasky\r\n9\r\n nginx ok\r\n0\r\n\r\n";
  // Captured byte for byte from nginx-light 1.22.1 (scripts/services/nginx.sh), GET /gone.
  private static final String NOT_FOUND =
      "HTTP/1.1 404 Not Found\r\nServer: nginx/1.22.1\r\nDate: Sun, 06 Dec 2026 05:15:25 GMT\r\n"
          + "Content-Type: text/html\r\n"
          + "Content-Length: 153\r\nConnection: close\r\n\r\n"
          + "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not"
          + " Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

  private static Probe probe(String body) {
    return new HttpProbeFactory().create(TestEnv.section("[http:site]\n" + body), TestEnv.real());
  }

  @Test
  void aChunkedAnswerThatMatchesResolvesEveryCheck() throws Exception {
    try (CannedServer srv = CannedServer.http(CHUNKED)) {
      CollectingSink r =
          CollectingSink.round(
              probe(
                  "url = http://127.0.0.1:"
                      + srv.port()
                      + "/health?x=1\n"
                      + "expect_body = ^botasky nginx ok$\n"));
      assertThat(r.get("unreachable").ok()).isTrue();
      assertThat(r.get("bad_status").ok()).isTrue();
      assertThat(r.get("content_mismatch").ok()).isTrue();
      assertThat(r.get("slow").ok()).isTrue();
      assertThat(r.get("cert_expiry")).isNull();
      assertThat(r.samples()).containsEntry("http.up", 1.0).containsEntry("http.status", 200.0);
      assertThat(r.samples())
          .containsKey("http.response_ms")
          .doesNotContainKey("http.cert_days_left");
      assertThat(srv.requests().get(0))
          .startsWith("GET /health?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + srv.port() + "\r\n")
          .contains("Connection: close\r\n");
    }
  }

  @Test
  void headReadsNoBodyEvenWithAContentLength() throws Exception {
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
    try (CannedServer srv =
        new CannedServer(0, "\r\n\r\n", r -> head.getBytes(StandardCharsets.ISO_8859_1))) {
      CollectingSink r =
          CollectingSink.round(
              probe("url = http://127.0.0.1:" + srv.port() + "/\nmethod = HEAD\ntimeout = 3s\n"));
      assertThat(r.get("bad_status").ok()).isTrue();
      assertThat(srv.requests().get(0)).startsWith("HEAD / HTTP/1.1\r\n");
    }
  }

  @Test
  void aRedirectIsJudgedAsItIsUnlessFollowRedirects() throws Exception {
    try (CannedServer target = CannedServer.http(CHUNKED);
        CannedServer redirect =
            CannedServer.http(
                "HTTP/1.1 302 Moved Temporarily\r\nContent-Length: 0\r\nLocation: http://127.0.0.1:"
                    + target.port()
                    + "/ok\r\n\r\n")) {
      String url = "url = http://127.0.0.1:" + redirect.port() + "/\nexpect_status = 200\n";
      CollectingSink not = CollectingSink.round(probe(url));
      assertThat(not.get("bad_status").severity()).isEqualTo(Severity.CRITICAL);
      assertThat(not.get("bad_status").summary()).contains("answered 302, expected 200");
      assertThat(target.requests()).isEmpty();
      CollectingSink followed = CollectingSink.round(probe(url + "follow_redirects = true\n"));
      assertThat(followed.get("bad_status").ok()).isTrue();
      assertThat(followed.samples()).containsEntry("http.status", 200.0);
      assertThat(target.requests().get(0)).startsWith("GET /ok HTTP/1.1");
    }
  }

  @Test
  void aStatusOutsideTheRangeFiresBadStatusAndLeavesTheBodyUnjudged() throws Exception {
    try (CannedServer srv = CannedServer.http(NOT_FOUND)) {
      CollectingSink r =
          CollectingSink.round(
              probe("url = http://127.0.0.1:" + srv.port() + "/gone\nexpect_body = ok\n"));
      assertThat(r.get("bad_status").severity()).isEqualTo(Severity.CRITICAL);
      assertThat(r.get("bad_status").value()).isEqualTo(404.0);
      assertThat(r.get("content_mismatch")).isNull();
    }
  }

  @Test
  void onlyTheFirst64KiBOfTheBodyAreMatchedAndReadingStopsThere() throws Exception {
    String big = "a".repeat(70_000) + "NEEDLE";
    String reply = "HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n" + big; // promises far more
    try (CannedServer srv = CannedServer.http(reply)) {
      Probe p =
          probe("url = http://127.0.0.1:" + srv.port() + "/\nexpect_body = NEEDLE\ntimeout = 5s\n");
      CollectingSink r = CollectingSink.round(p);
      assertThat(r.get("unreachable").ok()).as(r.get("unreachable").summary()).isTrue();
      assertThat(r.get("content_mismatch").severity()).isEqualTo(Severity.CRITICAL);
      assertThat(r.get("content_mismatch").summary()).contains("first 64 KiB");
    }
  }

  @Test
  void aRefusedPortAndAnUnknownNameAreUnreachableSayingWhich() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    CollectingSink refused =
        CollectingSink.round(probe("url = http://127.0.0.1:" + closed + "/\n"));
    assertThat(refused.get("unreachable").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(refused.get("unreachable").summary()).contains("connection refused");
    assertThat(refused.samples()).containsEntry("http.up", 0.0).doesNotContainKey("http.status");
    CollectingSink dns = CollectingSink.round(probe("url = http://nonexistent.invalid/\n"));
    assertThat(dns.get("unreachable").summary())
        .contains("DNS lookup failed", "nonexistent.invalid");
  }

  @Test
  void aServerThatNeverAnswersTimesOutWithinTheSectionTimeout() throws Exception {
    try (CannedServer srv = new CannedServer(0, "\r\n\r\n", r -> null)) {
      long t0 = System.nanoTime();
      CollectingSink r =
          CollectingSink.round(
              probe("url = http://127.0.0.1:" + srv.port() + "/\ntimeout = 1s\ninterval = 1s\n"));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      assertThat(r.get("unreachable").summary()).contains("timed out");
    }
  }

  @Test
  void whileUnreachableTheLastBadStatusIsCarriedNotResolved() throws Exception {
    Probe p;
    try (CannedServer srv = CannedServer.http(NOT_FOUND)) {
      p = probe("url = http://127.0.0.1:" + srv.port() + "/\n");
      assertThat(CollectingSink.round(p).firing("bad_status")).isTrue();
    }
    CollectingSink gone = CollectingSink.round(p);
    assertThat(gone.firing("unreachable")).isTrue();
    assertThat(gone.firing("bad_status")).isTrue();
    assertThat(gone.get("bad_status").summary()).startsWith("not re-checked (no answer)");
  }
}
