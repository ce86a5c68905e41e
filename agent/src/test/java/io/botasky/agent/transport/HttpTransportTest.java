package io.botasky.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's HTTP/1.1 client against a scripted server on a real socket: each test answers the
 * request it receives with the raw bytes it chooses, so framing (Content-Length, chunked, to the
 * end, interim 1xx), timeouts, interrupts and TLS are all exercised on the wire.
 */
class HttpTransportTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  @TempDir Path tmp;
  private final ExecutorService httpThread = Executors.newSingleThreadExecutor();
  private final ExecutorService serverThread = Executors.newCachedThreadPool();
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    httpThread.shutdownNow();
    serverThread.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  /** What the server saw: the request head and body. */
  private record Seen(String head, String body) {}

  /** Serves one connection: reads the request, writes {@code answer.apply(request)}, closes. */
  private CompletableFuture<Seen> serveOnce(ServerSocket ss, Function<Seen, byte[]> answer) {
    server = ss;
    CompletableFuture<Seen> seen = new CompletableFuture<>();
    serverThread.execute(
        () -> {
          try (Socket s = ss.accept()) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
              head.write(in.read());
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            int len =
                h.contains("Content-Length: ")
                    ? Integer.parseInt(h.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"))
                    : 0;
            Seen req = new Seen(h, new String(in.readNBytes(len), StandardCharsets.UTF_8));
            seen.complete(req);
            OutputStream out = s.getOutputStream();
            out.write(answer.apply(req));
            out.flush();
          } catch (IOException | RuntimeException e) {
            seen.completeExceptionally(e);
          }
        });
    return seen;
  }

  private ServerSocket plain() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  private URI uri(String scheme, String path) {
    return URI.create(scheme + "://localhost:" + server.getLocalPort() + path);
  }

  private static byte[] raw(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private HttpTransport transport(boolean tls) {
    return new HttpTransport(tls, Duration.ofSeconds(2), httpThread);
  }

  @Test
  void getsWithoutABodyForTheActionPoll() throws Exception {
    CompletableFuture<Seen> seen =
        serveOnce(
            plain(), r -> raw("HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\n{\"actions\":[]}"));
    HttpTransport.Reply r =
        transport(false)
            .get(
                uri("http", "/api/v1/agent/actions?host=web%201&wait=25"),
                Map.of("Authorization", "Bearer t0k"),
                TIMEOUT);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"actions\":[]}");
    Seen req = seen.get(5, TimeUnit.SECONDS);
    assertThat(req.head())
        .startsWith("GET /api/v1/agent/actions?host=web%201&wait=25 HTTP/1.1\r\n")
        .contains("Authorization: Bearer t0k\r\n")
        .doesNotContain("Content-Length");
    assertThat(req.body()).isEmpty();
  }

  @Test
  void postsTheBodyWithItsHeadersAndReadsAContentLengthAnswer() throws Exception {
    CompletableFuture<Seen> seen =
        serveOnce(
            plain(),
            r ->
                raw(
                    "HTTP/1.1 200 OK\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 17\r\n\r\n"
                        + "{\"accepted\": 1}\r\n"));
    HttpTransport.Reply r =
        transport(false)
            .post(
                uri("http", "/api/v1/events?x=1"),
                Map.of("Authorization", "Bearer t0k"),
                "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
                TIMEOUT);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"accepted\": 1}\r\n");
    Seen req = seen.get(5, TimeUnit.SECONDS);
    assertThat(req.head())
        .startsWith("POST /api/v1/events?x=1 HTTP/1.1\r\n")
        .contains(
            "Host: localhost:" + server.getLocalPort() + "\r\n",
            "Authorization: Bearer t0k\r\n",
            "Connection: close\r\n",
            "Content-Length: 13\r\n");
    assertThat(req.body()).isEqualTo("{\"events\":[]}");
  }

  @Test
  void readsChunkedAnswersRetryAfterAndSkipsInterimAnswers() throws Exception {
    serveOnce(
        plain(),
        r ->
            raw(
                "HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 429 Too Many Requests\r\n"
                    + "Retry-After: 7\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\n"
                    + "{\"err\r\n"
                    + "9\r\n"
                    + "or\": \"q\"}\r\n"
                    + "0\r\n\r\n"));
    HttpTransport.Reply r = transport(false).post(uri("http", "/"), Map.of(), new byte[0], TIMEOUT);
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.headers()).containsEntry("retry-after", "7");
    assertThat(r.body()).isEqualTo("{\"error\": \"q\"}");
  }

  @Test
  void anAnswerWithoutLengthRunsToTheEndAndA204HasNoBody() throws Exception {
    serveOnce(plain(), r -> raw("HTTP/1.0 503 Service Unavailable\r\n\r\ndatabase down"));
    assertThat(transport(false).post(uri("http", "/"), Map.of(), new byte[0], TIMEOUT).body())
        .isEqualTo("database down");
    serveOnce(plain(), r -> raw("HTTP/1.1 204 No Content\r\n\r\n"));
    assertThat(transport(false).post(uri("http", "/"), Map.of(), new byte[0], TIMEOUT).status())
        .isEqualTo(204);
  }

  @Test
  void aHugeAnswerIsCutNotHeldWhole() throws Exception {
    serveOnce(
        plain(),
        r ->
            raw(
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 200000\r\n\r\n"
                    + "x".repeat(200_000)));
    assertThat(transport(false).post(uri("http", "/"), Map.of(), new byte[0], TIMEOUT).body())
        .hasSize(64 * 1024);
  }

  @Test
  void brokenAnswersAreIoErrors() throws Exception {
    serveOnce(plain(), r -> raw("SSH-2.0-OpenSSH_9.2\r\n"));
    assertThatThrownBy(
            () -> transport(false).post(uri("http", "/"), Map.of(), new byte[0], TIMEOUT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an HTTP/1.x status line");
    serveOnce(plain(), r -> raw("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
    assertThatThrownBy(
            () -> transport(false).post(uri("http", "/"), Map.of(), new byte[0], TIMEOUT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("before the end of the answer");
  }

  @Test
  void nobodyListeningIsAnIoError() throws Exception {
    ServerSocket ss = plain();
    int port = ss.getLocalPort();
    ss.close();
    assertThatThrownBy(
            () ->
                transport(false)
                    .post(
                        URI.create("http://127.0.0.1:" + port + "/"),
                        Map.of(),
                        new byte[0],
                        TIMEOUT))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aSilentServerTimesOutAndAnInterruptEndsTheWaitAtOnce() throws Exception {
    server = plain();
    // Accepts (the backlog does) but never answers.
    HttpTransport t = transport(false);
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () -> t.post(uri("http", "/"), Map.of(), new byte[0], Duration.ofMillis(300)))
        .isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));

    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                t.post(uri("http", "/"), Map.of(), new byte[0], Duration.ofSeconds(30));
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
            });
    caller.start();
    // Interrupt it while it waits for the answer, not before it asked.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> caller.getState() == Thread.State.TIMED_WAITING);
    long t1 = System.nanoTime();
    caller.interrupt();
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(2));
    // The abandoned exchange released the HTTP thread: the next request works.
    server.close();
    serveOnce(plain(), r -> raw("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    assertThat(t.post(uri("http", "/"), Map.of(), new byte[0], TIMEOUT).status()).isEqualTo(200);
  }

  @Test
  void httpsChecksTheCertificateAndTheHostNameAndIsRefusedWithoutTls() throws Exception {
    SSLContext ctx = tlsContext();
    serveOnce(
        ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress()),
        r -> raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    HttpTransport trusting =
        new HttpTransport(true, Duration.ofSeconds(2), httpThread, ctx::getSocketFactory);
    assertThat(trusting.post(uri("https", "/"), Map.of(), new byte[0], TIMEOUT).body())
        .isEqualTo("ok");

    // The certificate names localhost and 127.0.0.1, not 127.0.0.2.
    serveOnce(
        ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress()),
        r -> raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    assertThatThrownBy(
            () ->
                trusting.post(
                    URI.create("https://127.0.0.2:" + server.getLocalPort() + "/"),
                    Map.of(),
                    new byte[0],
                    TIMEOUT))
        .isInstanceOf(IOException.class);

    // The JDK's own trust store does not know a self-signed certificate.
    serveOnce(
        ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress()),
        r -> raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    HttpTransport defaults =
        new HttpTransport(
            true,
            Duration.ofSeconds(2),
            httpThread,
            () -> (SSLSocketFactory) SSLSocketFactory.getDefault());
    assertThatThrownBy(() -> defaults.post(uri("https", "/"), Map.of(), new byte[0], TIMEOUT))
        .isInstanceOf(IOException.class);

    assertThatThrownBy(
            () -> transport(false).post(uri("https", "/"), Map.of(), new byte[0], TIMEOUT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tls = false");
  }

  /**
   * A self-signed certificate for localhost and 127.0.0.1 (keytool), trusted by the returned
   * context.
   */
  private SSLContext tlsContext() throws Exception {
    Path ks = tmp.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "collector",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                ks.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(ks.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
