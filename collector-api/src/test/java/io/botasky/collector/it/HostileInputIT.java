package io.botasky.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.common.testkit.Daemon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 11 against the real bin/pihealthd (embedded database, agent, admin and read
 * tokens, the launcher's heap): 50,000 requests with made-up methods and no token; 16 concurrent 1
 * MB bodies of {@code {}} with an agent token; 120 connections each holding 990 KB of a 1 MB body.
 * Through all of them the daemon stays up, {@code /healthz} answers a prober from another address,
 * and afterwards its resident size is within 10 % of where it started.
 */
class HostileInputIT {
  static final String AGENT = "hostile-agent-token-0123456789";
  static final String ADMIN = "hostile-admin-token-0123456789";
  static final String READ = "hostile-read-token-0123456789";

  @TempDir Path tmp;
  int port;
  final AtomicBoolean probing = new AtomicBoolean(true);
  final AtomicInteger probesOk = new AtomicInteger();
  final AtomicLong slowestProbeMillis = new AtomicLong();
  volatile String phase = "warm-up";
  final List<String> probeFailures = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void attacksLeaveTheDaemonUpAnsweringAndItsMemoryWhereItWas() throws Exception {
    port = Daemon.freePort();
    Path tokens = tmp.resolve("agent_tokens");
    Files.writeString(tokens, "victim = " + AGENT + "\n");
    Path log = tmp.resolve("pihealthd.log");
    Path conf = tmp.resolve("pihealthd.conf");
    // request_timeout shortened so the slow senders are cut within the test's time.
    Files.writeString(
        conf,
        "master = hostile\nclient_port = "
            + port
            + "\nbind = 127.0.0.1\nagent_tokens = "
            + tokens
            + "\nadmin_token = "
            + ADMIN
            + "\nread_token = "
            + READ
            + "\nPIHealthLog = "
            + log
            + "\ndata_dir = "
            + tmp.resolve("data")
            + "\nrequest_timeout = 10s\n");
    StringBuilder report = new StringBuilder();
    try (Daemon d = Daemon.start(tmp.resolve("stdout.txt"), "pihealthd", "-c", conf.toString())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> Daemon.ready(port));
      long pid = d.process().pid();
      warmUp();
      long before = settledRssKb(pid);
      report.append("RSS before: ").append(before / 1024).append(" MB\n");

      Thread prober = new Thread(this::probe, "healthz-prober");
      prober.start();

      phase = "attack 1";
      String a = madeUpMethods(50_000);
      assertThat(d.process().isAlive()).as("alive after attack 1").isTrue();
      long rss1 = rssKb(pid);
      report
          .append("attack 1 (50,000 made-up methods, no token): ")
          .append(a)
          .append("; RSS ")
          .append(rss1 / 1024)
          .append(" MB\n");

      phase = "attack 2";
      String b = bigBodies(16, 1_000_000, 4);
      assertThat(d.process().isAlive()).as("alive after attack 2").isTrue();
      long rss2 = rssKb(pid);
      report
          .append("attack 2 (16 x 1 MB {} bodies, agent token, 4 rounds): ")
          .append(b)
          .append("; RSS ")
          .append(rss2 / 1024)
          .append(" MB\n");

      phase = "attack 3";
      String c = slowSenders(120, 990 * 1024, 1_048_000, Duration.ofSeconds(14));
      assertThat(d.process().isAlive()).as("alive after attack 3").isTrue();
      long rss3 = rssKb(pid);
      report
          .append("attack 3 (120 connections holding 990 KB of 1 MB): ")
          .append(c)
          .append("; RSS ")
          .append(rss3 / 1024)
          .append(" MB\n");

      phase = "connections";
      String e = oneAddressConnections(40);
      report.append("40 idle connections from one address: ").append(e).append('\n');

      probing.set(false);
      prober.join(10_000);
      long after = settledRssKb(pid);
      report
          .append("RSS after: ")
          .append(after / 1024)
          .append(" MB (")
          .append(String.format("%+.1f", 100.0 * (after - before) / before))
          .append(" %); /healthz probes answered 200: ")
          .append(probesOk.get())
          .append(" (slowest ")
          .append(slowestProbeMillis.get())
          .append(" ms), failed: ")
          .append(probeFailures)
          .append('\n');
      String metrics = get("/metrics", ADMIN).body();
      report.append(limited(metrics));
      Files.writeString(Path.of("target", "hostile-input-report.txt"), report);
      System.out.println(report);

      assertThat(probeFailures).as("/healthz answered throughout").isEmpty();
      assertThat(probesOk.get()).isPositive();
      assertThat(metrics)
          .as("no made-up method became a tag")
          .doesNotContain("M0000001X")
          .contains("method=\"OTHER\"");
      assertThat(Math.abs(after - before))
          .as("RSS within 10 %%: %s", report)
          .isLessThanOrEqualTo(before / 10);
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    }
  }

  /**
   * Ordinary traffic, large bodies included, so the JIT, the pools and the allocator are where they
   * stay.
   */
  private void warmUp() throws Exception {
    for (int i = 0; i < 200; i++) {
      post(
          "/api/v1/heartbeat",
          AGENT,
          "{\"host\":\"victim\",\"agent_version\":\"1\",\"sysinfo\":{}}"
              .getBytes(StandardCharsets.UTF_8));
      get("/api/v1/alerts", READ);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int n = i;
      fs.add(pool.submit(() -> post("/api/v1/metrics", AGENT, metrics("warm" + n, 12_000))));
    }
    for (Future<?> f : fs) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
  }

  private static byte[] metrics(String batch, int samples) {
    StringBuilder sb =
        new StringBuilder("{\"host\":\"victim\",\"batch_id\":\"" + batch + "\",\"samples\":[");
    for (int i = 0; i < samples; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"metric\":\"cpu.usage\",\"ts\":")
          .append(1763700000000L + i)
          .append(",\"value\":12.5}");
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Attack 1: pipelined requests with made-up methods, no token, on 8 connections. */
  private String madeUpMethods(int total) throws Exception {
    int conns = 8;
    int per = total / conns;
    AtomicLong answered = new AtomicLong();
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(conns * 2);
    List<Future<?>> fs = new ArrayList<>();
    AtomicInteger seq = new AtomicInteger();
    for (int c = 0; c < conns; c++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
      s.setSoTimeout(60_000);
      fs.add(
          pool.submit(
              () -> {
                OutputStream out = s.getOutputStream();
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < per; i++) {
                  batch.append(
                      String.format(
                          "M%07dX /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n",
                          seq.incrementAndGet()));
                  if (batch.length() > 16_000) {
                    out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                    batch.setLength(0);
                  }
                }
                out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return null;
              }));
      fs.add(
          pool.submit(
              () -> {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[65536];
                StringBuilder tail = new StringBuilder();
                int got = 0;
                while (got < per) {
                  int n = in.read(buf);
                  if (n < 0) {
                    break;
                  }
                  tail.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                  int idx;
                  while ((idx = tail.indexOf("HTTP/1.1 ")) >= 0 && tail.length() >= idx + 12) {
                    statuses
                        .computeIfAbsent(
                            tail.substring(idx + 9, idx + 12), k -> new AtomicInteger())
                        .incrementAndGet();
                    got++;
                    tail.delete(0, idx + 12);
                  }
                }
                answered.addAndGet(got);
                s.close();
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get(180, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(answered.get()).as("every request answered").isEqualTo((long) per * conns);
    return answered.get() + " answered " + statuses;
  }

  /** Attack 2: {@code rounds} times, {@code n} concurrent bodies of nothing but empty objects. */
  private String bigBodies(int n, int size, int rounds) throws Exception {
    StringBuilder sb = new StringBuilder("{\"host\":\"victim\",\"events\":[{}");
    while (sb.length() < size - 10) {
      sb.append(",{}");
    }
    byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    for (int r = 0; r < rounds; r++) {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(
            pool.submit(
                () -> {
                  int st;
                  try {
                    st = post("/api/v1/events", AGENT, body).statusCode();
                  } catch (IOException e) {
                    st = -1;
                  }
                  statuses.computeIfAbsent(st, k -> new AtomicInteger()).incrementAndGet();
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
    }
    pool.shutdown();
    assertThat(statuses.keySet()).as("refused, never stored or crashed").isSubsetOf(413, 429);
    return "statuses " + statuses;
  }

  /**
   * Attack 3: {@code n} connections each send the head of a {@code declared}-byte body and {@code
   * held} bytes of it, then hold; half without a token, half with the agent token, from four
   * addresses.
   */
  private String slowSenders(int n, int held, int declared, Duration hold) throws Exception {
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<?>> fs = new ArrayList<>();
    byte[] chunk = "[{},{},{},{}]".repeat(5000).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < n; i++) {
      int k = i;
      fs.add(
          pool.submit(
              () -> {
                String outcome;
                try (Socket s = new Socket()) {
                  s.bind(
                      new InetSocketAddress(InetAddress.getByName("127.0.0." + (10 + k % 4)), 0));
                  s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                  s.setSoTimeout((int) hold.toMillis());
                  String auth = k % 2 == 0 ? "" : "Authorization: Bearer " + AGENT + "\r\n";
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("POST /api/v1/events HTTP/1.1\r\n"
                              + "Host: x\r\n"
                              + "Content-Type: application/json\r\n"
                              + auth
                              + "Content-Length: "
                              + declared
                              + "\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  int sent = 0;
                  try {
                    while (sent < held) {
                      int len = Math.min(chunk.length, held - sent);
                      out.write(chunk, 0, len);
                      sent += len;
                    }
                    out.flush();
                  } catch (IOException e) {
                    // The server answered and closed while the body was still going out.
                  }
                  byte[] buf = new byte[200];
                  int r = s.getInputStream().read(buf);
                  outcome =
                      r > 12
                          ? new String(buf, 0, 12, StandardCharsets.US_ASCII).substring(9)
                          : "closed";
                } catch (java.net.SocketTimeoutException e) {
                  outcome = "held";
                } catch (IOException e) {
                  outcome = "reset";
                }
                outcomes.computeIfAbsent(outcome, x -> new AtomicInteger()).incrementAndGet();
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(outcomes).as("none held past request_timeout").doesNotContainKey("held");
    return "outcomes " + outcomes;
  }

  /**
   * {@code n} connections from one address that send nothing: those past the per-peer limit get 503
   * at once.
   */
  private String oneAddressConnections(int n) throws Exception {
    List<Socket> sockets = new ArrayList<>();
    int refused = 0;
    try {
      for (int i = 0; i < n; i++) {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.20"), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        sockets.add(s);
      }
      // The refusals are written as soon as each connection is accepted.
      Thread.sleep(2000);
      for (Socket s : sockets) {
        s.setSoTimeout(100);
        try {
          byte[] buf = new byte[200];
          int r = s.getInputStream().read(buf);
          if (r > 0
              && new String(buf, 0, r, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 503 ")) {
            refused++;
          }
        } catch (java.net.SocketTimeoutException e) {
          // Admitted: waits for a request.
        }
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    assertThat(refused).as("past max_connections_per_peer (32)").isEqualTo(n - 32);
    return refused + " answered 503";
  }

  /**
   * A prober from another address, as a load balancer: /healthz every 200 ms, each within 10 s (the
   * machines that run this suite are small and shared; the slowest answer is in the report).
   */
  private void probe() {
    while (probing.get()) {
      long start = System.nanoTime();
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(
                "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (answer.startsWith("HTTP/1.1 200 ")) {
          probesOk.incrementAndGet();
          slowestProbeMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
        } else {
          synchronized (probeFailures) {
            probeFailures.add(phase + ": " + answer.lines().findFirst().orElse("(nothing)"));
          }
        }
      } catch (IOException e) {
        synchronized (probeFailures) {
          probeFailures.add(
              phase + ": " + e + " after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String limited(String metrics) {
    StringBuilder sb = new StringBuilder();
    metrics
        .lines()
        .filter(l -> l.startsWith("botasky_http_limited_total") && !l.endsWith(" 0.0"))
        .forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  private HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, byte[] body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The resident size once the daemon has been idle for three of its native-heap trims ({@code
   * -XX:TrimNativeHeapInterval=2000} in bin/pihealthd): the least of samples over 6 s, so that
   * neither end of the comparison is a moment when glibc still held freed memory.
   */
  private static long settledRssKb(long pid) throws IOException, InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 12; i++) {
      Thread.sleep(500);
      least = Math.min(least, rssKb(pid));
    }
    return least;
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for " + pid);
  }
}
