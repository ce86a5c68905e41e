package io.botasky.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.common.testkit.Daemon;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code bin/pihealthd} (embedded database) plus the daemons a test launches around it
 * ({@code bin/boagent}s, forwarders), all stopped by {@link #close()}. Needs the modules packaged,
 * which failsafe's *IT phase guarantees.
 */
public final class RealCollector implements AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> agents = new java.util.HashMap<>();
  private final Path dir;
  private final int port;
  private final Map<String, String> tokens;

  /** Starts the collector with one {@code host=token} line per entry of {@code tokens}. */
  public RealCollector(Path dir, Map<String, String> tokens) throws IOException {
    this(dir, tokens, new String[0]);
  }

  /**
   * As above, with {@code extraConf} lines added to pihealthd.conf ({@code db_url = …} for a
   * MariaDB instead of the embedded database).
   */
  public RealCollector(Path dir, Map<String, String> tokens, String... extraConf)
      throws IOException {
    this.dir = dir;
    this.tokens = Map.copyOf(tokens);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StringBuilder t = new StringBuilder();
    tokens.forEach((h, tok) -> t.append(h).append('=').append(tok).append('\n'));
    Files.writeString(dir.resolve("tokens"), t.toString());
    Path conf =
        Files.writeString(
            dir.resolve("pihealthd.conf"),
            String.join(
                "\n",
                "master = e2e",
                "client_port = " + port,
                "bind = 127.0.0.1",
                "host_timeout = 10s",
                "PIHealthLog = " + dir.resolve("pihealthd.log"),
                "data_dir = " + dir.resolve("collector"),
                "agent_tokens = " + dir.resolve("tokens"),
                String.join("\n", extraConf),
                ""));
    daemon("pihealthd", "pihealthd", "-c", conf.toString());
    await().atMost(Duration.ofSeconds(90)).until(() -> Daemon.ready(port));
  }

  public int port() {
    return port;
  }

  /** {@code bin/NAME} of this checkout. */
  public static String bin(String launcher) {
    return Daemon.launcher(launcher).toString();
  }

  /**
   * Starts {@code bin/launcher args} through the shared kit ({@link Daemon}), stopped with the
   * collector; its output goes to {@code NAME.out}.
   */
  private void daemon(String name, String launcher, String... args) throws IOException {
    processes.add(Daemon.start(dir.resolve(name + ".out"), launcher, args).process());
  }

  /**
   * Starts any other process stopped with the collector (a forwarder, an agent inside a network
   * namespace); its output goes to {@code NAME.out}.
   */
  public void launch(String name, String... cmd) throws IOException {
    processes.add(
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile()))
            .start());
  }

  /** The {@code [agent]} section of an agent reporting to this collector as {@code host}. */
  public String agentSection(String host, String token) {
    return String.join(
        "\n",
        "[agent]",
        "host = " + host,
        "master = 127.0.0.1",
        "port = " + port,
        "token = " + token,
        "data_dir = " + dir.resolve("spool-" + host),
        "backup_dir = " + dir.resolve("backup-" + host),
        "heartbeat = 1s",
        "log = " + dir.resolve("agent-" + host + ".log"),
        "");
  }

  /**
   * Starts {@code bin/boagent} reporting as {@code host} (with its token from this collector's
   * list) with {@code sections} after its {@code [agent]} section, and waits until the collector
   * has heard from it.
   */
  public void startAgent(String host, String... sections) throws IOException {
    Path ini =
        Files.writeString(
            dir.resolve(host + ".ini"),
            agentSection(host, tokens.get(host)) + String.join("\n", sections) + "\n");
    Process p =
        Daemon.start(dir.resolve("agent-" + host + ".out"), "boagent", "-f", ini.toString())
            .process();
    processes.add(p);
    agents.put(host, p);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(hosts()).contains(host));
  }

  /**
   * Rewrites {@code host}'s colConfig.ini with {@code sections} after its {@code [agent]} section
   * and sends the agent SIGHUP, as {@code systemctl reload} does (docs/operations.md, "Reload").
   */
  public void reloadAgent(String host, String... sections)
      throws IOException, InterruptedException {
    Files.writeString(
        dir.resolve(host + ".ini"),
        agentSection(host, tokens.get(host)) + String.join("\n", sections) + "\n");
    Process kill =
        new ProcessBuilder("kill", "-HUP", Long.toString(agents.get(host).pid())).start();
    assertThat(kill.waitFor()).as("kill -HUP the agent of %s", host).isZero();
  }

  /** Stops {@code host}'s agent (SIGTERM) and waits for it to exit. */
  public void stopAgent(String host) throws InterruptedException {
    Process p = agents.remove(host);
    p.destroy();
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("agent %s stopped", host).isTrue();
    processes.remove(p);
  }

  /**
   * Kills {@code host}'s agent with SIGKILL (bin/boagent execs the JVM, so this is the agent
   * itself) and waits for it to be gone: nothing of its stop runs.
   */
  public void killAgent(String host) throws InterruptedException {
    Process p = agents.remove(host);
    p.destroyForcibly();
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("agent %s killed", host).isTrue();
    processes.remove(p);
  }

  /** The process id of {@code host}'s agent (the JVM itself: bin/boagent execs it). */
  public long agentPid(String host) {
    return agents.get(host).pid();
  }

  /**
   * {@code POST path} with the JSON {@code body} and {@code bearer} as the token; the answer as it
   * came (a request an API refuses is part of what a test checks).
   */
  public HttpResponse<String> post(String path, String body, String bearer) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + bearer)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Requests {@code action} on {@code host}'s {@code resource:instance} through {@code POST
   * /api/v1/actions} with the admin token {@code admin}, asserting the 202; its id.
   */
  public long requestAction(
      String admin, String host, String resource, String instance, String action)
      throws IOException {
    String body =
        json.writeValueAsString(
            Map.of(
                "host", host,
                "resource", resource,
                "instance", instance,
                "action", action,
                "by", "e2e",
                "comment", "a test"));
    HttpResponse<String> r = post("/api/v1/actions", body, admin);
    assertThat(r.statusCode()).as("POST /api/v1/actions: " + r.body()).isEqualTo(202);
    return json.readTree(r.body()).path("action").path("id").asLong();
  }

  /** The action {@code id} as {@code GET /api/v1/actions/{id}} has it. */
  public JsonNode action(long id) throws IOException {
    return getJson("/api/v1/actions/" + id).path("action");
  }

  /** {@code GET path} parsed, asserting a 200. */
  public JsonNode getJson(String path) throws IOException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  /** The hosts the collector has heard from. */
  public List<String> hosts() throws IOException {
    List<String> out = new ArrayList<>();
    json.readTree(get("/api/v1/hosts").body())
        .path("hosts")
        .forEach(h -> out.add(h.path("host").asText()));
    return out;
  }

  /**
   * The alerts of {@code resource} with {@code check} (any when null) in {@code state} (any when
   * null).
   */
  public List<JsonNode> alerts(String resource, String check, String state) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    String q =
        "/api/v1/alerts?resource="
            + resource
            + "&limit=1000"
            + (state != null ? "&state=" + state : "");
    json.readTree(get(q).body())
        .path("alerts")
        .forEach(
            a -> {
              if (check == null || a.path("check").asText().equals(check)) {
                out.add(a);
              }
            });
    return out;
  }

  /** The firing alerts of {@code resource}, each as {@code instance/check}. */
  public List<String> firing(String resource) throws IOException {
    return alerts(resource, null, "firing").stream()
        .map(a -> a.path("instance").asText() + "/" + a.path("check").asText())
        .toList();
  }

  /** Waits at most {@code atMost} until {@code instance}'s {@code check} alert is resolved. */
  public void awaitResolved(String resource, String check, String instance, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(alerts(resource, check, "resolved"))
                    .extracting(a -> a.path("instance").asText())
                    .contains(instance));
  }

  /**
   * Makes this collector reachable from inside network namespace {@code netns}: a socat there
   * listens on the namespace's 127.0.0.1 at this collector's port and, per connection, enters this
   * JVM's network namespace to connect to the collector. An agent run with {@code ip netns exec}
   * then reports with the usual {@code master = 127.0.0.1}.
   */
  public void forwardFrom(String netns) throws IOException {
    launch(
        "fwd-" + netns,
        "ip",
        "netns",
        "exec",
        netns,
        "socat",
        "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
        "EXEC:nsenter --net=/proc/"
            + ProcessHandle.current().pid()
            + "/ns/net socat STDIO TCP\\:127.0.0.1\\:"
            + port);
  }

  /**
   * Waits at most {@code within} (the contract's "one interval + 2 s") for exactly one firing alert
   * of {@code resource}/{@code check}, and returns it.
   */
  public JsonNode awaitFiring(String resource, String check, Duration within) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              List<JsonNode> firing = alerts(resource, check, "firing");
              assertThat(firing).as("%s/%s firing", resource, check).hasSize(1);
              found[0] = firing.get(0);
            });
    return found[0];
  }

  /**
   * Waits at most {@code within} until {@code resource}/{@code check} no longer fires, resolved.
   */
  public void awaitResolved(String resource, String check, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(alerts(resource, check, "firing")).as("still firing").isEmpty();
              assertThat(alerts(resource, check, "resolved")).as("resolved").hasSize(1);
            });
  }

  /** The log view's lines for {@code query} ({@code ?host=pi3&source=app}), newest first. */
  public List<JsonNode> logs(String query) throws IOException {
    HttpResponse<String> r = get("/api/v1/logs" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    json.readTree(r.body()).path("lines").forEach(out::add);
    return out;
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    // Agents and forwarders first, the collector (started first) last.
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
