/*
 * Fleet simulator for bench/fleet.sh (docs/developing.md, "Benchmarks"): N agents speaking the real
 * agent protocol (docs/api.md) to one or more collector URLs, from one JVM with a few threads.
 *
 * Run with the JDK's source launcher, nothing else on the class path:
 *   java bench/fleet/FleetSim.java --url http://127.0.0.1:8732 --tokens agent_tokens
 *        --agents 2000 --duration 60 [--ramp 10] [--storm-at 30] [--seed 1]
 *        [--metrics http://127.0.0.1:8732,…] [--pids collector=123+456,mariadb=789,…]
 *        [--client socket|jdk] [--threads 128] [--clock-ticks 100]
 *
 * Each agent (host and token from the agent_tokens file, `host=token` lines) sends
 *   - a heartbeat every 10 s: sysinfo as SysinfoProbe.asMap writes it and a service inventory of
 *     four services, the full form first and then the short form (base_hash, checks, changed) as
 *     the real agent does, the full form again when the collector answers "resend": true;
 *   - a metric batch every 5 s: 30 samples, a fresh batch_id;
 *   - now and then (about once every two minutes) one alert event (firing, later its resolve),
 *     each with a fresh event_id.
 * The agents' first heartbeats are spread evenly over the ramp (default 10 s), so the load is
 * smooth from the start; nothing sent during the ramp is measured. At --storm-at seconds into the
 * measured window, every tenth agent fires five alerts at once (one request of five events, as the
 * agent's spool sends what it holds), measured on their own as "storm".
 *
 * Latency is measured from just before a request is handed to the client to its answer. One
 * scheduler thread builds the bodies; by default (--client socket) a pool of --threads (128)
 * threads carries them over plain kept-alive HTTP/1.1 sockets, and the time a request waits for a
 * free thread counts in its latency and is reported as the client's wait; --client jdk uses
 * java.net.http.HttpClient instead (asynchronous, a connection per request in flight), which costs
 * several times the CPU per request. The scheduler's lag behind the plan is reported too, so a
 * client that cannot keep up shows. With several URLs the agents are spread over them.
 *
 * At the start and the end of the measured window it reads, if given, each collector's /metrics
 * (the ingest counters: heartbeats, samples and events committed, docs/collector.md "Metrics"), the
 * CPU time of the named processes (/proc/PID/stat) and of the whole machine (/proc/stat), so every
 * rate below is over the same window as the latencies.
 *
 * Prints a table, then machine-readable lines for bench/fleet.sh:
 *   FLEET endpoint=heartbeat requests=… rps=… p50_ms=… p99_ms=… max_ms=… errors=…
 *   FLEET client cpu_s=… lag_p99_ms=… lag_max_ms=… wait_p99_ms=… wall_s=…
 *   FLEET error endpoint=… kind=… count=…
 *   FLEET db heartbeats_per_s=… samples_per_s=… events_per_s=…
 *   FLEET gc pauses=… paused_ms=… max_ms=…   (the collectors' GC in the window; max: recent)
 *   FLEET commit writer=… p50_ms=… p99_ms=…
 *   FLEET cpu name=… cores=…        (CPU seconds per second of the window; also machine, others)
 */

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FleetSim {
  static final long HEARTBEAT_MS = 10_000;
  static final long METRICS_MS = 5_000;
  static final int SAMPLES = 30;

  /** About one event every two minutes per agent: a chance of 1 in 24 per 5 s metrics tick. */
  static final int EVENT_ONE_IN = 24;

  static final String[] METRICS = {
    "cpu.usage", "cpu.load1", "cpu.load5", "cpu.temp", "mem.used_pct",
    "mem.available_bytes", "disk.used_pct", "disk.free_bytes", "net.rx_bytes", "net.tx_bytes"
  };
  static final String[] CHECKS = {"cpu_usage", "mem_usage", "disk_usage", "cpu_temp", "load"};

  /** Latencies of one endpoint (microseconds), counts and error kinds; one lock, few writers. */
  static final class Stat {
    final String name;
    long[] lat = new long[1 << 12];
    int n;
    long errors;
    final Map<String, Integer> kinds = new TreeMap<>();
    long firstStart = Long.MAX_VALUE;
    long lastEnd;

    /** Measured requests sent and not yet answered. */
    final AtomicInteger pending = new AtomicInteger();

    Stat(String name) {
      this.name = name;
    }

    synchronized void span(long startNanos, long endNanos) {
      firstStart = Math.min(firstStart, startNanos);
      lastEnd = Math.max(lastEnd, endNanos);
    }

    synchronized void ok(long micros) {
      if (n == lat.length) {
        lat = Arrays.copyOf(lat, n * 2);
      }
      lat[n++] = micros;
    }

    synchronized void error(long micros, String kind) {
      ok(micros);
      errors++;
      kinds.merge(kind, 1, Integer::sum);
    }

    synchronized long[] sorted() {
      long[] s = Arrays.copyOf(lat, n);
      Arrays.sort(s);
      return s;
    }
  }

  static double pct(long[] s, double p) {
    if (s.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))] / 1000.0;
  }

  final HttpClient client;
  final Transport transport;
  final Stat wait = new Stat("wait");

  /** Set when the report starts: an answer after that is not counted (it is "unanswered"). */
  volatile boolean reporting;

  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final List<String> urls;
  final List<String[]> agents;
  final long rampMs;
  final long durationMs;
  final long stormAtMs;
  final Random random;
  final Stat heartbeat = new Stat("heartbeat");
  final Stat metrics = new Stat("metrics");
  final Stat events = new Stat("events");
  final Stat storm = new Stat("storm");
  final Stat lag = new Stat("lag");
  final AtomicInteger inflight = new AtomicInteger();
  final AtomicInteger fullBeats = new AtomicInteger();
  final AtomicInteger shortBeats = new AtomicInteger();
  final AtomicInteger resends = new AtomicInteger();
  final List<String> metricsUrls;
  final Map<String, List<Long>> pids;
  final long clockTicks;
  volatile Snapshot atStart;
  volatile Snapshot atEnd;
  long t0;

  /** Counters and CPU times at one instant of the run. */
  record Snapshot(
      long nanos,
      Map<String, Double> counters,
      Map<String, Double> cpuSeconds,
      double machineBusy) {}

  FleetSim(
      List<String> urls,
      List<String[]> agents,
      long rampMs,
      long durationMs,
      long stormAtMs,
      long seed,
      ExecutorService pool,
      List<String> metricsUrls,
      Map<String, List<Long>> pids,
      long clockTicks,
      int socketThreads) {
    this.urls = urls;
    this.metricsUrls = metricsUrls;
    this.pids = pids;
    this.clockTicks = clockTicks;
    this.agents = agents;
    this.rampMs = rampMs;
    this.durationMs = durationMs;
    this.stormAtMs = stormAtMs;
    this.random = new Random(seed);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(pool)
            .build();
    this.transport = socketThreads > 0 ? new SocketTransport(socketThreads, wait) : jdk(client);
  }

  /** Milliseconds since the start of the ramp. */
  long now() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  boolean measured(long at) {
    return at >= rampMs && at < rampMs + durationMs;
  }

  /** One simulated agent: its host, token, URL and what it remembers between requests. */
  final class Agent {
    final String host;
    final String token;
    final String url;
    final Random rnd;
    final long bootMs = System.currentTimeMillis() - 86_400_000L;
    final List<String> firing = new ArrayList<>();
    volatile String answeredHash;
    volatile boolean sendFull = true;
    final String servicesHash;
    final String servicesJson;

    Agent(String host, String token, String url, long seed) {
      this.host = host;
      this.token = token;
      this.url = url;
      this.rnd = new Random(seed);
      // The four services of a small host; their list without last_check is what the hash covers
      // (docs/api.md, "Service inventory": the first 8 bytes of its SHA-256, in hex).
      String list =
          "["
              + service("system", "", "ok", 60)
              + ","
              + service("process", "sshd", "ok", 30)
              + ","
              + service("mysql", "3306", "ok", 30)
              + ","
              + service("http", "status", "ok", 60)
              + "]";
      this.servicesJson = list;
      this.servicesHash = sha16(list);
    }

    String service(String resource, String instance, String state, int interval) {
      return "{\"resource\":\""
          + resource
          + "\",\"instance\":\""
          + instance
          + "\",\"group\":\"fleet\","
          + "\"state\":\""
          + state
          + "\",\"summary\":\"\",\"last_check\":LAST,\"interval\":"
          + interval
          + ",\"actions\":[],\"protected\":false}";
    }

    String heartbeatBody(long nowMs) {
      StringBuilder b = new StringBuilder(1024);
      b.append("{\"host\":\"")
          .append(host)
          .append("\",\"agent_version\":\"0.1.0-fleetsim\",\"sysinfo\":{")
          .append("\"hostname\":\"")
          .append(host)
          .append("\",\"os\":\"Debian GNU/Linux 12 (bookworm)\",")
          .append("\"kernel\":\"6.1.0-28-arm64\",\"uptime_seconds\":")
          .append((nowMs - bootMs) / 1000)
          .append(",\"load\":[")
          .append(rnd.nextInt(200) / 100.0)
          .append(",0.42,0.38],")
          .append("\"disk_total_bytes\":62277025792,\"disk_used_percent\":")
          .append(40 + rnd.nextInt(10))
          .append(".3,\"mem_total_bytes\":8253255680,\"mem_used_percent\":")
          .append(30 + rnd.nextInt(20))
          .append(".1,\"cpu_temp_celsius\":")
          .append(45 + rnd.nextInt(10))
          .append(".5,\"disk_level\":\"ok\",\"mem_level\":\"ok\",\"cpu_level\":\"ok\"},")
          .append("\"services_hash\":\"")
          .append(servicesHash)
          .append('"');
      long last = nowMs - rnd.nextInt(30_000);
      String base = answeredHash;
      if (sendFull || base == null) {
        fullBeats.incrementAndGet();
        b.append(",\"services\":").append(servicesJson.replace("LAST", Long.toString(last)));
      } else {
        shortBeats.incrementAndGet();
        b.append(",\"base_hash\":\"").append(base).append("\",\"checks\":[");
        for (int i = 0; i < 4; i++) {
          b.append(i == 0 ? "" : ",").append(last - i * 1000L);
        }
        b.append("],\"changed\":[]");
      }
      return b.append('}').toString();
    }

    String metricsBody(long nowMs) {
      StringBuilder b = new StringBuilder(2048);
      b.append("{\"host\":\"")
          .append(host)
          .append("\",\"batch_id\":\"")
          .append(UUID.randomUUID())
          .append("\",\"samples\":[");
      for (int i = 0; i < SAMPLES; i++) {
        // 10 metrics, 3 readings each over the last 5 s.
        b.append(i == 0 ? "" : ",")
            .append("{\"metric\":\"")
            .append(METRICS[i % METRICS.length])
            .append("\",\"ts\":")
            .append(nowMs - (i / METRICS.length) * 1666L)
            .append(",\"value\":")
            .append(rnd.nextInt(10_000) / 100.0)
            .append(",\"labels\":{\"core\":\"all\"}}");
      }
      return b.append("]}").toString();
    }

    String event(String check, String state, double value) {
      return "{\"event_id\":\""
          + UUID.randomUUID()
          + "\",\"resource\":\"system\",\"instance\":\"\","
          + "\"check\":\""
          + check
          + "\",\"state\":\""
          + state
          + "\",\"severity\":\"warning\","
          + "\"value\":"
          + value
          + ",\"threshold\":90.0,\"summary\":\"fleetsim "
          + check
          + " "
          + state
          + " on "
          + host
          + "\",\"observed_at\":\""
          + Instant.now()
          + "\"}";
    }

    String eventsBody(List<String> evs) {
      return "{\"host\":\"" + host + "\",\"events\":[" + String.join(",", evs) + "]}";
    }

    void beat() {
      long at = now();
      send(
          "/api/v1/heartbeat",
          heartbeatBody(System.currentTimeMillis()),
          heartbeat,
          at,
          body -> {
            Matcher m = HASH.matcher(body);
            if (m.find()) {
              answeredHash = m.group(1);
            }
            sendFull = body.contains("\"resend\":true");
            if (sendFull) {
              resends.incrementAndGet();
            }
          });
    }

    void tick() {
      long at = now();
      send("/api/v1/metrics", metricsBody(System.currentTimeMillis()), metrics, at, null);
      if (rnd.nextInt(EVENT_ONE_IN) == 0) {
        String ev;
        synchronized (firing) {
          if (!firing.isEmpty() && rnd.nextBoolean()) {
            ev = event(firing.remove(0), "resolved", 50.0);
          } else {
            String check = CHECKS[rnd.nextInt(CHECKS.length)];
            if (firing.contains(check)) {
              firing.remove(check);
              ev = event(check, "resolved", 50.0);
            } else {
              firing.add(check);
              ev = event(check, "firing", 95.0);
            }
          }
        }
        send("/api/v1/events", eventsBody(List.of(ev)), events, at, null);
      }
    }

    void storm() {
      List<String> evs = new ArrayList<>();
      for (String check : CHECKS) {
        evs.add(event("storm_" + check, "firing", 99.0));
      }
      send("/api/v1/events", eventsBody(evs), storm, now(), null);
    }

    void send(
        String path, String body, Stat stat, long at, java.util.function.Consumer<String> onOk) {
      boolean count = measured(at) || stat == storm;
      long start = System.nanoTime();
      inflight.incrementAndGet();
      if (count) {
        stat.pending.incrementAndGet();
      }
      transport.post(
          url,
          path,
          token,
          body,
          (status, answer, err) -> {
            inflight.decrementAndGet();
            long endNanos = System.nanoTime();
            long micros = (endNanos - start) / 1000;
            stat.span(start, endNanos);
            if (err == null && status == 200 && onOk != null) {
              onOk.accept(answer);
            }
            if (!count || reporting) {
              return;
            }
            stat.pending.decrementAndGet();
            if (err != null) {
              Throwable c =
                  err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                      ? err.getCause()
                      : err;
              stat.error(micros, c.getClass().getSimpleName());
            } else if (status != 200) {
              stat.error(micros, "HTTP " + status);
            } else {
              stat.ok(micros);
            }
          });
    }
  }

  /** What a POST came to: a status and body, or the exception that ended it. */
  interface Done {
    void accept(int status, String body, Throwable err);
  }

  /** Carries the agents' POSTs: the JDK's HttpClient, or plain sockets on a pool of threads. */
  interface Transport {
    void post(String url, String path, String token, String body, Done done);
  }

  /** java.net.http.HttpClient, asynchronous: a connection per request in flight, kept alive. */
  static Transport jdk(HttpClient client) {
    return (url, path, token, body, done) ->
        client
            .sendAsync(
                HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .whenComplete(
                (r, e) ->
                    done.accept(r == null ? 0 : r.statusCode(), r == null ? null : r.body(), e));
  }

  /**
   * HTTP/1.1 over plain sockets, blocking, on a fixed pool of threads, each connection kept alive
   * and reused by whichever thread takes it next: several times cheaper per request than
   * HttpClient, whose CPU would otherwise crowd the collector off a 2-core machine. At most {@code
   * threads} requests are in flight; the time a request waits for a thread counts in its latency
   * (it is measured from the hand-over) and is reported as the client's wait.
   */
  static final class SocketTransport implements Transport {
    final ExecutorService workers;
    final Map<String, java.util.concurrent.ConcurrentLinkedDeque<Conn>> idle =
        new java.util.concurrent.ConcurrentHashMap<>();
    final Stat wait;

    SocketTransport(int threads, Stat wait) {
      this.wait = wait;
      this.workers =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "fleetsim-socket");
                t.setDaemon(true);
                return t;
              });
    }

    @Override
    public void post(String url, String path, String token, String body, Done done) {
      long queued = System.nanoTime();
      workers.execute(
          () -> {
            wait.ok((System.nanoTime() - queued) / 1000);
            URI u = URI.create(url);
            String hostPort = u.getHost() + ":" + u.getPort();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            byte[] head =
                ("POST "
                        + path
                        + " HTTP/1.1\r\nHost: "
                        + hostPort
                        + "\r\nAuthorization: Bearer "
                        + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + b.length
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            var pool =
                idle.computeIfAbsent(
                    hostPort, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
            // A kept connection the server closed meanwhile fails before any answer: once more
            // on a new one (a resend is harmless: batch_id and event_id make it so).
            for (int attempt = 0; ; attempt++) {
              Conn c = pool.pollFirst();
              boolean reused = c != null;
              try {
                if (c == null) {
                  c = new Conn(u.getHost(), u.getPort());
                }
                c.out.write(head);
                c.out.write(b);
                c.out.flush();
                Conn.Answer a = c.read();
                if (a.keepAlive()) {
                  pool.offerFirst(c);
                } else {
                  c.close();
                }
                done.accept(a.status(), a.body(), null);
                return;
              } catch (IOException | RuntimeException e) {
                if (c != null) {
                  c.close();
                }
                if (!(reused && attempt == 0 && c.answered == 0)) {
                  done.accept(0, null, e);
                  return;
                }
              }
            }
          });
    }
  }

  /** One kept-alive HTTP/1.1 connection: writes requests, reads answers (length or chunked). */
  static final class Conn {
    record Answer(int status, String body, boolean keepAlive) {}

    final java.net.Socket socket;
    final java.io.OutputStream out;
    final java.io.InputStream in;
    int answered;

    Conn(String host, int port) throws IOException {
      socket = new java.net.Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new java.net.InetSocketAddress(host, port), 5000);
      // The agent's own limit: no answer within 10 s is an error, as with HttpClient above.
      socket.setSoTimeout(10_000);
      out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
      in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
    }

    String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      int ch;
      while ((ch = in.read()) != -1) {
        if (ch == '\n') {
          int n = sb.length();
          return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
        }
        sb.append((char) ch);
      }
      throw new java.io.EOFException("connection closed");
    }

    Answer read() throws IOException {
      String status = line();
      answered++;
      String[] parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP answer: " + status);
      }
      int code = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      boolean keepAlive = parts[0].equals("HTTP/1.1");
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase().contains("chunked");
          case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(256);
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
            size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          body.write(in.readNBytes((int) size));
          line();
        }
        for (String t = line(); !t.isEmpty(); t = line()) {
          // trailers: none expected
        }
      } else if (length >= 0) {
        byte[] b = in.readNBytes((int) length);
        if (b.length < length) {
          throw new java.io.EOFException("answer cut short");
        }
        body.write(b);
      } else {
        body.write(in.readAllBytes());
        keepAlive = false;
      }
      return new Answer(code, body.toString(StandardCharsets.UTF_8), keepAlive);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  static final Pattern HASH = Pattern.compile("\"services_hash\"\\s*:\\s*\"([0-9a-f]{16})\"");

  static String sha16(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Schedules a task at a fixed rate from {@code firstMs}; records how late each run starts against
   * its plan (the client's own lag).
   */
  void every(long firstMs, long periodMs, Runnable task) {
    long[] k = {0};
    scheduler.scheduleAtFixedRate(
        () -> {
          long planned = firstMs + k[0]++ * periodMs;
          long late = now() - planned;
          if (measured(planned)) {
            lag.ok(Math.max(0, late) * 1000);
          }
          if (planned < rampMs + durationMs) {
            try {
              task.run();
            } catch (RuntimeException e) {
              System.err.println("fleetsim: " + e);
            }
          }
        },
        firstMs,
        periodMs,
        TimeUnit.MILLISECONDS);
  }

  static final Pattern COUNTER =
      Pattern.compile(
          "^(botasky_ingest_heartbeats_total|botasky_ingest_samples_total\\{result=\"accepted\"\\}"
              + "|botasky_ingest_events_total\\{result=\"accepted\"\\}) ([0-9.eE+]+)$",
          Pattern.MULTILINE);

  Snapshot snapshot() {
    Map<String, Double> counters = new TreeMap<>();
    for (String u : metricsUrls) {
      try {
        String page =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(u + "/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        // The writers' commit time (a summary over the last minute or so): the worst collector's.
        Matcher q = COMMIT.matcher(page);
        while (q.find()) {
          Matcher w = WRITER.matcher(q.group(1));
          Matcher qq = QUANTILE.matcher(q.group(1));
          if (w.find() && qq.find()) {
            counters.merge(
                "commit " + w.group(1) + " " + qq.group(1),
                Double.parseDouble(q.group(2)) * 1000,
                Math::max);
          }
        }
        // The collectors' GC pauses (Micrometer's jvm_gc_pause_seconds, every collector and
        // cause): count and sum add up, the recent max is the worst one.
        Matcher g = GC.matcher(page);
        while (g.find()) {
          double v = Double.parseDouble(g.group(2));
          counters.merge("gc " + g.group(1), v, g.group(1).equals("max") ? Math::max : Double::sum);
        }
        Matcher m = COUNTER.matcher(page);
        while (m.find()) {
          counters.merge(
              m.group(1).replaceAll("_total.*", ""), Double.parseDouble(m.group(2)), Double::sum);
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        // No rate rather than a wrong one: a counter missing at one end would count from zero.
        counters.put(FAILED, 1.0);
        System.err.println("fleetsim: " + u + "/metrics: " + e);
      }
    }
    Map<String, Double> cpu = new TreeMap<>();
    pids.forEach(
        (name, list) -> {
          for (long pid : list) {
            double[] us = procCpu("/proc/" + pid + "/stat");
            cpu.merge(name, us[0] + us[1], Double::sum);
            cpu.merge(name + SYS, us[1], Double::sum);
          }
        });
    // The simulator's own user and system time, as for the others.
    double[] self = procCpu("/proc/self/stat");
    cpu.put("fleetsim", self[0] + self[1]);
    cpu.put("fleetsim" + SYS, self[1]);
    double[] machine = machineCpu();
    cpu.put("machine", machine[0]);
    cpu.put("machine" + SYS, machine[1]);
    return new Snapshot(System.nanoTime(), counters, cpu, machine[0]);
  }

  static final Pattern GC =
      Pattern.compile(
          "^jvm_gc_pause_seconds_(count|sum|max)\\{[^}]*\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);
  static final Pattern COMMIT =
      Pattern.compile(
          "^botasky_ingest_commit_seconds\\{([^}]*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);
  static final Pattern WRITER = Pattern.compile("writer=\"([a-z]+)\"");
  static final Pattern QUANTILE = Pattern.compile("quantile=\"([0-9.]+)\"");
  static final String FAILED = "!failed";
  static final String SYS = "/sys";

  /** {utime, stime} of a process (fields 14 and 15 of /proc/PID/stat), in seconds. */
  double[] procCpu(String statFile) {
    try {
      String st = Files.readString(Path.of(statFile));
      String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
      return new double[] {
        Long.parseLong(f[11]) / (double) clockTicks, Long.parseLong(f[12]) / (double) clockTicks
      };
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
  }

  /**
   * {busy, system} CPU seconds of the whole machine from /proc/stat: busy is all but idle and
   * iowait; system is the kernel's share of it (where loopback TCP is paid for).
   */
  double[] machineCpu() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      long sys = Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
      return new double[] {busy / (double) clockTicks, sys / (double) clockTicks};
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
  }

  void run() throws InterruptedException {
    t0 = System.nanoTime();
    int n = agents.size();
    List<Agent> fleet = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String[] a = agents.get(i);
      fleet.add(new Agent(a[0], a[1], urls.get(i % urls.size()), random.nextLong()));
    }
    for (int i = 0; i < n; i++) {
      Agent a = fleet.get(i);
      // Spread over the ramp: agent i starts at i/n of it, its batches half a period later.
      long first = rampMs * i / n;
      every(first, HEARTBEAT_MS, a::beat);
      every(first + METRICS_MS / 2, METRICS_MS, a::tick);
    }
    long stormAt = rampMs + stormAtMs;
    scheduler.schedule(
        () -> {
          for (int i = 0; i < n; i += 10) {
            fleet.get(i).storm();
          }
        },
        stormAt,
        TimeUnit.MILLISECONDS);
    Thread.sleep(rampMs);
    atStart = snapshot();
    Thread.sleep(Math.max(0, rampMs + durationMs - now()));
    atEnd = snapshot();
    scheduler.shutdownNow();
    // Answers to requests sent before the end still count; a timeout (10 s) bounds the wait.
    long end = System.nanoTime() + 15_000_000_000L;
    while (inflight.get() > 0 && System.nanoTime() < end) {
      Thread.sleep(50);
    }
  }

  void report(double wallSeconds) {
    double secs = durationMs / 1000.0;
    System.out.printf(
        "%-10s %9s %9s %8s %8s %8s %7s%n",
        "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
    Map<String, Map<String, Integer>> kinds = new LinkedHashMap<>();
    reporting = true;
    for (Stat s : List.of(heartbeat, metrics, events, storm)) {
      // Still unanswered after the drain: an error each, never a silent gap in the counts.
      for (int i = s.pending.getAndSet(0); i > 0; i--) {
        s.error(TimeUnit.SECONDS.toMicros(10), "unanswered_at_end");
      }
      long[] l = s.sorted();
      // The storm is one burst: its rate is over its own span (first sent to last answered).
      double rps;
      synchronized (s) {
        rps =
            s == storm
                ? l.length / Math.max(1e-3, (s.lastEnd - s.firstStart) / 1e9)
                : l.length / secs;
      }
      System.out.printf(
          "%-10s %9d %9.1f %8.1f %8.1f %8.1f %7d%n",
          s.name, l.length, rps, pct(l, 0.5), pct(l, 0.99), pct(l, 1.0), s.errors);
      System.out.printf(
          "FLEET endpoint=%s requests=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d%n",
          s.name, l.length, rps, pct(l, 0.5), pct(l, 0.99), pct(l, 1.0), s.errors);
      synchronized (s) {
        kinds.put(s.name, new HashMap<>(s.kinds));
      }
    }
    kinds.forEach(
        (name, m) ->
            m.forEach(
                (k, c) ->
                    System.out.printf(
                        "FLEET error endpoint=%s kind=%s count=%d%n",
                        name, k.replace(' ', '_'), c)));
    long[] lags = lag.sorted();
    double cpu =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9;
    long[] waits = wait.sorted();
    System.out.printf(
        "FLEET client cpu_s=%.1f lag_p99_ms=%.1f lag_max_ms=%.1f wait_p99_ms=%.1f wall_s=%.1f%n",
        cpu, pct(lags, 0.99), pct(lags, 1.0), pct(waits, 0.99), wallSeconds);
    System.out.printf(
        "FLEET inventory full=%d short=%d resend=%d%n",
        fullBeats.get(), shortBeats.get(), resends.get());
    double window = (atEnd.nanos() - atStart.nanos()) / 1e9;
    if (!metricsUrls.isEmpty()) {
      if (atStart.counters().containsKey(FAILED) || atEnd.counters().containsKey(FAILED)) {
        System.out.println("FLEET db heartbeats_per_s=n/a samples_per_s=n/a events_per_s=n/a");
      } else {
        java.util.function.Function<String, Double> rate =
            k ->
                (atEnd.counters().getOrDefault(k, 0.0) - atStart.counters().getOrDefault(k, 0.0))
                    / window;
        System.out.printf(
            "FLEET db heartbeats_per_s=%.1f samples_per_s=%.1f events_per_s=%.1f%n",
            rate.apply("botasky_ingest_heartbeats"),
            rate.apply("botasky_ingest_samples"),
            rate.apply("botasky_ingest_events"));
      }
    }
    if (!atStart.counters().containsKey(FAILED) && !atEnd.counters().containsKey(FAILED)) {
      double pauses =
          atEnd.counters().getOrDefault("gc count", 0.0)
              - atStart.counters().getOrDefault("gc count", 0.0);
      double paused =
          atEnd.counters().getOrDefault("gc sum", 0.0)
              - atStart.counters().getOrDefault("gc sum", 0.0);
      System.out.printf(
          "FLEET gc pauses=%.0f paused_ms=%.0f max_ms=%.1f%n",
          pauses, paused * 1000, atEnd.counters().getOrDefault("gc max", 0.0) * 1000);
    }
    for (String writer : List.of("alerts", "samples")) {
      Double p50 = atEnd.counters().get("commit " + writer + " 0.5");
      Double p99 = atEnd.counters().get("commit " + writer + " 0.99");
      if (p50 != null && p99 != null) {
        System.out.printf("FLEET commit writer=%s p50_ms=%.1f p99_ms=%.1f%n", writer, p50, p99);
      }
    }
    double ours = 0;
    double oursSys = 0;
    java.util.function.Function<String, Double> cores =
        k -> (atEnd.cpuSeconds().get(k) - atStart.cpuSeconds().getOrDefault(k, 0.0)) / window;
    for (String name : atEnd.cpuSeconds().keySet()) {
      if (name.endsWith(SYS) || name.equals("machine")) {
        continue;
      }
      ours += cores.apply(name);
      oursSys += cores.apply(name + SYS);
      System.out.printf(
          "FLEET cpu name=%s cores=%.2f sys=%.2f%n",
          name, cores.apply(name), cores.apply(name + SYS));
    }
    double machine = cores.apply("machine");
    double machineSys = cores.apply("machine" + SYS);
    System.out.printf("FLEET cpu name=machine cores=%.2f sys=%.2f%n", machine, machineSys);
    System.out.printf(
        "FLEET cpu name=others cores=%.2f sys=%.2f%n",
        Math.max(0, machine - ours), Math.max(0, machineSys - oursSys));
  }

  static long seconds(String v) {
    String s = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
    return (long) (Double.parseDouble(s) * 1000);
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> o = new HashMap<>(Map.of("--ramp", "10", "--seed", "1"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    for (String k : List.of("--url", "--tokens", "--agents", "--duration")) {
      if (!o.containsKey(k)) {
        System.err.println(
            "usage: FleetSim --url URL[,URL…] --tokens FILE --agents N --duration S"
                + " [--ramp S] [--storm-at S] [--seed N] [--client socket|jdk] [--threads 128]");
        System.exit(2);
      }
    }
    List<String[]> agents = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(o.get("--tokens")))) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        agents.add(new String[] {line.substring(0, eq).trim(), line.substring(eq + 1).trim()});
      }
    }
    int n = Integer.parseInt(o.get("--agents"));
    if (agents.size() < n) {
      System.err.println(
          "fleetsim: " + o.get("--tokens") + " has " + agents.size() + " agents, not " + n);
      System.exit(2);
    }
    long duration = seconds(o.get("--duration"));
    long stormAt = o.containsKey("--storm-at") ? seconds(o.get("--storm-at")) : duration / 2;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fleetsim-http");
              t.setDaemon(true);
              return t;
            });
    List<String> metricsUrls =
        o.containsKey("--metrics") ? List.of(o.get("--metrics").split(",")) : List.of();
    Map<String, List<Long>> pids = new LinkedHashMap<>();
    if (o.containsKey("--pids")) {
      for (String spec : o.get("--pids").split(",")) {
        String[] kv = spec.split("=", 2);
        List<Long> list = new ArrayList<>();
        for (String p : kv[1].split("\\+")) {
          if (!p.isBlank()) {
            list.add(Long.parseLong(p.trim()));
          }
        }
        pids.put(kv[0], list);
      }
    }
    FleetSim sim =
        new FleetSim(
            List.of(o.get("--url").split(",")),
            agents.subList(0, n),
            seconds(o.get("--ramp")),
            duration,
            stormAt,
            Long.parseLong(o.get("--seed")),
            pool,
            metricsUrls,
            pids,
            Long.parseLong(o.getOrDefault("--clock-ticks", "100")),
            o.getOrDefault("--client", "socket").equals("jdk")
                ? 0
                : Integer.parseInt(o.getOrDefault("--threads", "128")));
    long start = System.nanoTime();
    sim.run();
    sim.report((System.nanoTime() - start) / 1e9);
    System.exit(0);
  }
}
