package io.botasky.collector.api;

import static io.botasky.collector.testkit.Collector.ADMIN;
import static io.botasky.collector.testkit.Collector.json;
import static io.botasky.collector.testkit.Collector.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.common.testkit.TestDatabase;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.ServiceEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controlled actions against a real collector and database (docs/api.md, "Controlled actions"):
 * every error of the request in its order, the agent's long poll, reports moving states (and the
 * same report twice changing nothing), scheduled actions, the action_failed alert, the stream
 * event. One subclass per engine; each test its own services of the agents' hosts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ActionsApiContract {
  static final String READ = "read-token-0123456789";
  TestDatabase db;
  Collector col;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    db = database(tmp);
    col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "read_token = " + READ + "\n");
    for (String host : List.of("pi3", "pi4", "pi5")) {
      List<ServiceEntry> list = new ArrayList<>();
      for (int port = 6380; port < 6390; port++) {
        list.add(svc("redis", String.valueOf(port), List.of("restart", "start"), false));
      }
      list.add(svc("process", "sshd", List.of("restart"), true));
      list.add(svc("system", "", List.of("reboot"), false));
      HttpResponse<String> r =
          col.post(
              "/api/v1/heartbeat",
              ADMIN,
              new Heartbeat(host, "0.1", Map.of(), "00000000000000a1", list, null, null, null));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  abstract TestDatabase database(Path tmp) throws Exception;

  @AfterAll
  void stop() throws Exception {
    col.close();
    db.close();
  }

  static ServiceEntry svc(String resource, String instance, List<String> actions, boolean prot) {
    return new ServiceEntry(
        null, resource, instance, "", "ok", "", System.currentTimeMillis(), 60, actions, prot);
  }

  static Map<String, Object> req(String host, String resource, String instance, String action) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", host);
    m.put("resource", resource);
    m.put("instance", instance);
    m.put("action", action);
    m.put("by", "alice");
    m.put("comment", "test");
    return m;
  }

  HttpResponse<String> request(Map<String, Object> body, String token) throws Exception {
    return col.post("/api/v1/actions", token, body);
  }

  long requested(String host, String instance) throws Exception {
    HttpResponse<String> r = request(req(host, "redis", instance, "restart"), ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return json(r).get("action").get("id").asLong();
  }

  JsonNode action(long id) throws Exception {
    HttpResponse<String> r = col.get("/api/v1/actions/" + id, READ);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).get("action");
  }

  static Map<String, Object> rep(Long id, String uuid, String instance, String state) {
    Map<String, Object> m = new HashMap<>();
    if (id != null) {
      m.put("id", id);
    }
    m.put("uuid", uuid);
    m.put("resource", "redis");
    m.put("instance", instance);
    m.put("action", "restart");
    m.put("by", "alice");
    m.put("state", state);
    m.put("at", System.currentTimeMillis());
    return m;
  }

  HttpResponse<String> report(String host, String token, List<Map<String, Object>> reports)
      throws Exception {
    return col.post(
        "/api/v1/agent/actions/report", token, Map.of("host", host, "reports", reports));
  }

  @Test
  void requestErrorsComeInTheContractsOrder() throws Exception {
    Map<String, Object> ok = req("pi3", "redis", "6380", "restart");
    assertThat(request(ok, null).statusCode()).isEqualTo(401);
    assertThat(request(ok, tokenOf("pi3")).statusCode()).isEqualTo(403);
    assertThat(request(ok, READ).statusCode()).isEqualTo(403);

    Map<String, Object> noBy = new HashMap<>(ok);
    noBy.remove("by");
    assertError(request(noBy, ADMIN), 400, "by");
    Map<String, Object> longBy = new HashMap<>(ok);
    longBy.put("by", "x".repeat(65));
    assertError(request(longBy, ADMIN), 400, "by");
    Map<String, Object> longComment = new HashMap<>(ok);
    longComment.put("comment", "x".repeat(513));
    assertError(request(longComment, ADMIN), 400, "comment");
    Map<String, Object> badAction = new HashMap<>(ok);
    badAction.put("action", "Restart;rm");
    assertError(request(badAction, ADMIN), 400, "action");
    Map<String, Object> control = new HashMap<>(ok);
    control.put("by", "al\u202eice");
    assertError(request(control, ADMIN), 400, "by");

    assertError(request(req("nosuchhost", "redis", "6380", "restart"), ADMIN), 404, "host");
    assertError(request(req("pi3", "redis", "9999", "restart"), ADMIN), 404, "instance");
    // A protected service is refused even for an action it would name.
    assertError(request(req("pi3", "process", "sshd", "restart"), ADMIN), 403, "resource");
    assertError(request(req("pi3", "redis", "6380", "reboot"), ADMIN), 400, "action");

    HttpResponse<String> first = request(ok, ADMIN);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    JsonNode a = json(first).get("action");
    assertThat(a.get("state").asText()).isEqualTo("pending");
    assertThat(a.get("host").asText()).isEqualTo("pi3");
    assertThat(a.get("resource").asText()).isEqualTo("redis");
    assertThat(a.get("instance").asText()).isEqualTo("6380");
    assertThat(a.get("action").asText()).isEqualTo("restart");
    assertThat(a.get("by").asText()).isEqualTo("alice");
    assertThat(a.get("comment").asText()).isEqualTo("test");
    assertThat(a.get("requested_at").asText()).endsWith("Z");
    assertThat(a.get("started_at").isNull()).isTrue();
    assertThat(a.has("reason")).isFalse();
    assertError(request(ok, ADMIN), 409, "instance");
    // Another service of the same host is free.
    assertThat(request(req("pi3", "redis", "6381", "start"), ADMIN).statusCode()).isEqualTo(202);

    assertThat(col.get("/api/v1/actions/" + a.get("id").asLong(), null).statusCode())
        .isEqualTo(401);
    assertThat(action(a.get("id").asLong()).get("id").asLong()).isEqualTo(a.get("id").asLong());
    assertThat(col.get("/api/v1/actions/999999999", READ).statusCode()).isEqualTo(404);
    HttpResponse<String> list = col.get("/api/v1/actions?host=pi3&state=pending", READ);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json(list).get("actions").findValuesAsText("instance")).contains("6380", "6381");
    assertThat(col.get("/api/v1/actions?state=bogus", READ).statusCode()).isEqualTo(400);
  }

  @Test
  void twoRequestsAtOnceForOneServiceStoreOne() throws Exception {
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return request(req("pi5", "redis", "6388", "restart"), ADMIN).statusCode();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    List<Integer> codes = new ArrayList<>();
    for (CompletableFuture<Integer> f : all) {
      codes.add(f.get(10, TimeUnit.SECONDS));
    }
    assertThat(codes).containsOnly(202, 409);
    assertThat(codes.stream().filter(c -> c == 202).count()).isEqualTo(1);
    assertThat(
            col.count(
                "SELECT COUNT(*) FROM actions WHERE host = 'pi5' AND instance = '6388'"
                    + " AND state = 'pending'"))
        .isEqualTo(1);
  }

  static void assertError(HttpResponse<String> r, int status, String field) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).path("field").asText()).as(r.body()).isEqualTo(field);
  }

  @Test
  void theLongPollAnswersWithinTwoSecondsOfARequest() throws Exception {
    assertThat(col.get("/api/v1/agent/actions?host=pi4&wait=0", ADMIN).statusCode()).isEqualTo(403);
    assertThat(col.get("/api/v1/agent/actions?host=pi4&wait=0", tokenOf("pi3")).statusCode())
        .isEqualTo(403);
    assertThat(col.get("/api/v1/agent/actions?host=pi4&wait=31", tokenOf("pi4")).statusCode())
        .isEqualTo(400);
    // Drain what other tests left pending on pi4, so the poll below waits.
    drain("pi4");
    long t0 = System.nanoTime();
    CompletableFuture<HttpResponse<String>> poll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return col.get("/api/v1/agent/actions?host=pi4&wait=25", tokenOf("pi4"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertThat(poll).isNotDone();
    long requestedAt = System.nanoTime();
    long id = requested("pi4", "6382");
    HttpResponse<String> r = poll.get(5, TimeUnit.SECONDS);
    long answered = System.nanoTime();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(answered - requestedAt).isLessThan(TimeUnit.SECONDS.toNanos(2));
    JsonNode list = json(r).get("actions");
    assertThat(list.findValuesAsText("id")).contains(String.valueOf(id));
    JsonNode first = list.get(list.size() - 1);
    assertThat(first.get("instance").asText()).isEqualTo("6382");
    assertThat(first.get("by").asText()).isEqualTo("alice");
    assertThat(first.get("requested_at").asText()).endsWith("Z");
    assertThat(answered - t0).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(300));
    // The same pending action is listed at once to the next poll, until the agent reports it.
    HttpResponse<String> again = col.get("/api/v1/agent/actions?host=pi4&wait=25", tokenOf("pi4"));
    assertThat(json(again).get("actions").findValuesAsText("id")).contains(String.valueOf(id));
  }

  /** Moves every pending action of {@code host} to refused, so its poll waits. */
  void drain(String host) throws Exception {
    HttpResponse<String> r =
        col.get("/api/v1/agent/actions?host=" + host + "&wait=0", tokenOf(host));
    List<Map<String, Object>> reports = new ArrayList<>();
    for (JsonNode a : json(r).get("actions")) {
      Map<String, Object> m =
          rep(a.get("id").asLong(), null, a.get("instance").asText(), "refused");
      m.put("reason", "drained by the test");
      reports.add(m);
    }
    if (!reports.isEmpty()) {
      assertThat(report(host, tokenOf(host), reports).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aSecondPollOfAHostReplacesTheFirst() throws Exception {
    drain("pi5");
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return col.get("/api/v1/agent/actions?host=pi5&wait=20", tokenOf("pi5"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(500);
    CompletableFuture<HttpResponse<String>> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return col.get("/api/v1/agent/actions?host=pi5&wait=1", tokenOf("pi5"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    HttpResponse<String> r = first.get(5, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("actions")).isEmpty();
    assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void reportsMoveStatesAndTheSameReportTwiceChangesNothing() throws Exception {
    long id = requested("pi4", "6383");
    String token = tokenOf("pi4");
    Map<String, Object> running = rep(id, UUID.randomUUID().toString(), "6383", "running");
    assertThat(report("pi4", token, List.of(running)).statusCode()).isEqualTo(200);
    JsonNode a = action(id);
    assertThat(a.get("state").asText()).isEqualTo("running");
    String started = a.get("started_at").asText();
    assertThat(started).endsWith("Z");
    // Still open: a second request is 409.
    assertError(request(req("pi4", "redis", "6383", "start"), ADMIN), 409, "instance");
    HttpResponse<String> twice = report("pi4", token, List.of(running));
    assertThat(twice.statusCode()).isEqualTo(200);
    assertThat(twice.body()).isEqualTo("{\"ok\":true}");
    assertThat(action(id)).isEqualTo(a);

    Map<String, Object> done = rep(id, (String) running.get("uuid"), "6383", "succeeded");
    done.put("exit_code", 0);
    done.put("output", "restarted\n");
    assertThat(report("pi4", token, List.of(done)).statusCode()).isEqualTo(200);
    JsonNode fin = action(id);
    assertThat(fin.get("state").asText()).isEqualTo("succeeded");
    assertThat(fin.get("exit_code").asInt()).isZero();
    assertThat(fin.get("output").asText()).isEqualTo("restarted\n");
    assertThat(fin.get("started_at").asText()).isEqualTo(started);
    assertThat(fin.get("finished_at").asText()).endsWith("Z");
    // A report for a finished action is acknowledged and ignored.
    Map<String, Object> late = rep(id, (String) running.get("uuid"), "6383", "failed");
    assertThat(report("pi4", token, List.of(late, done)).statusCode()).isEqualTo(200);
    assertThat(action(id)).isEqualTo(fin);
    // Final: the service is free again.
    long next = requested("pi4", "6383");

    // Another host's id, any other token, an unknown id, bounds.
    assertThat(report("pi5", tokenOf("pi5"), List.of(rep(next, null, "6383", "running"))))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(403);
    assertThat(report("pi4", tokenOf("pi5"), List.of(rep(next, null, "6383", "running"))))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(403);
    assertThat(report("pi4", ADMIN, List.of(rep(next, null, "6383", "running"))))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(403);
    assertThat(action(next).get("state").asText()).isEqualTo("pending");
    assertError(report("pi4", token, List.of(rep(999999999L, null, "6383", "running"))), 404, "id");
    Map<String, Object> big = rep(next, null, "6383", "failed");
    big.put("output", "x".repeat(4097));
    assertError(report("pi4", token, List.of(big)), 400, "reports[0].output");
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      many.add(rep(next, null, "6383", "running"));
    }
    assertError(report("pi4", token, many), 400, "reports");
    Map<String, Object> badState = rep(next, null, "6383", "pending");
    assertError(report("pi4", token, List.of(badState)), 400, "reports[0].state");
    assertThat(action(next).get("state").asText()).isEqualTo("pending");

    // Refused straight from pending, with its reason.
    Map<String, Object> refused = rep(next, null, "6383", "refused");
    refused.put("reason", "restart is no longer offered by redis:6383");
    assertThat(report("pi4", token, List.of(refused)).statusCode()).isEqualTo(200);
    JsonNode r = action(next);
    assertThat(r.get("state").asText()).isEqualTo("refused");
    assertThat(r.get("reason").asText()).isEqualTo("restart is no longer offered by redis:6383");
    assertThat(r.get("started_at").isNull()).isTrue();
  }

  @Test
  void aScheduledActionIsCreatedByItsUuidOnce() throws Exception {
    String uuid = UUID.randomUUID().toString();
    String token = tokenOf("pi4");
    Map<String, Object> running = rep(null, uuid, "6384", "running");
    assertThat(report("pi4", token, List.of(running, running)).statusCode()).isEqualTo(200);
    // A running scheduled action holds its service like a requested one.
    assertError(request(req("pi4", "redis", "6384", "restart"), ADMIN), 409, "instance");
    Map<String, Object> done = rep(null, uuid, "6384", "succeeded");
    done.put("exit_code", 0);
    assertThat(report("pi4", token, List.of(done)).statusCode()).isEqualTo(200);
    assertThat(report("pi4", token, List.of(done)).statusCode()).isEqualTo(200);
    List<JsonNode> mine = new ArrayList<>();
    for (JsonNode a : json(col.get("/api/v1/actions?host=pi4", READ)).get("actions")) {
      if (a.get("instance").asText().equals("6384")) {
        mine.add(a);
      }
    }
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).get("by").asText()).isEqualTo("schedule");
    assertThat(mine.get(0).get("state").asText()).isEqualTo("succeeded");
    assertThat(col.count("SELECT COUNT(*) FROM actions WHERE uuid = '" + uuid + "'")).isEqualTo(1);
    // A scheduled run reported while a requested action is open here is recorded all the same.
    long open = requested("pi4", "6387");
    String other = UUID.randomUUID().toString();
    assertThat(report("pi4", token, List.of(rep(null, other, "6387", "running"))).statusCode())
        .isEqualTo(200);
    assertThat(col.count("SELECT COUNT(*) FROM actions WHERE uuid = '" + other + "'")).isEqualTo(1);
    assertThat(action(open).get("state").asText()).isEqualTo("pending");
    Map<String, Object> noUuid = rep(null, null, "6384", "running");
    assertError(report("pi4", token, List.of(noUuid)), 400, "reports[0].uuid");
  }

  @Test
  void aFailedActionRaisesActionFailedAndASuccessResolvesIt() throws Exception {
    String token = tokenOf("pi5");
    long id = requested("pi5", "6385");
    Map<String, Object> failed = rep(id, null, "6385", "failed");
    failed.put("exit_code", 3);
    failed.put("output", "Job for redis-server.service failed.\n");
    assertThat(report("pi5", token, List.of(failed)).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alertState("pi5", "redis:6385"), s -> s.equals("firing"));
    HttpResponse<String> alerts = col.get("/api/v1/alerts?host=pi5&resource=action", READ);
    JsonNode alert = json(alerts).get("alerts").get(0);
    assertThat(alert.get("check").asText()).isEqualTo("action_failed");
    assertThat(alert.get("severity").asText()).isEqualTo("warning");

    long ok = requested("pi5", "6385");
    Map<String, Object> succeeded = rep(ok, null, "6385", "succeeded");
    succeeded.put("exit_code", 0);
    assertThat(report("pi5", token, List.of(succeeded)).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alertState("pi5", "redis:6385"), s -> s.equals("resolved"));
  }

  String alertState(String host, String instance) throws Exception {
    for (JsonNode a :
        json(col.get("/api/v1/alerts?host=" + host + "&resource=action", READ)).get("alerts")) {
      if (a.get("instance").asText().equals(instance)) {
        return a.get("state").asText();
      }
    }
    return "";
  }

  @Test
  void everyChangeIsAnActionStreamEvent() throws Exception {
    HttpResponse<InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(col.url("/api/v1/stream?token=" + READ))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader sse =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(sse.readLine()).isEqualTo("event: hello");
    CompletableFuture<List<String>> events =
        CompletableFuture.supplyAsync(
            () -> {
              List<String> states = new ArrayList<>();
              try {
                boolean in = false;
                for (String l = sse.readLine(); l != null; l = sse.readLine()) {
                  if (l.startsWith("event: ")) {
                    in = l.equals("event: action");
                  } else if (in && l.startsWith("data: ") && l.contains("\"6386\"")) {
                    states.add(Collector.JSON.readTree(l.substring(6)).get("state").asText());
                    if (states.size() == 3) {
                      return states;
                    }
                  }
                }
                return states;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    long id = requested("pi5", "6386");
    String token = tokenOf("pi5");
    assertThat(report("pi5", token, List.of(rep(id, null, "6386", "running"))).statusCode())
        .isEqualTo(200);
    Map<String, Object> done = rep(id, null, "6386", "succeeded");
    done.put("exit_code", 0);
    assertThat(report("pi5", token, List.of(done)).statusCode()).isEqualTo(200);
    assertThat(events.get(10, TimeUnit.SECONDS)).containsExactly("pending", "running", "succeeded");
    stream.body().close();
  }
}
