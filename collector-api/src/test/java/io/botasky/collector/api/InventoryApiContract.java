package io.botasky.collector.api;

import static io.botasky.collector.testkit.Collector.ADMIN;
import static io.botasky.collector.testkit.Collector.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.testkit.Collector;
import io.botasky.collector.testkit.Events;
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
 * The service inventory against a real collector and database (docs/api.md, "Service inventory",
 * "Services"): the full form lists, the short form changes, a short form on a wrong base answers
 * resend, a removed service goes and its alert resolves, the stream carries {@code service} events,
 * a 400 stores nothing. One subclass per engine; each test its own host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InventoryApiContract {
  private static final String H1 = "0000000000000001";
  private static final String H2 = "0000000000000002";
  private static final String H3 = "0000000000000003";
  TestDatabase db;
  Collector col;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    db = database(tmp);
    col = Collector.start(db.settings(), tmp, Clock.systemUTC(), "");
  }

  abstract TestDatabase database(Path tmp) throws Exception;

  @AfterAll
  void stop() throws Exception {
    col.close();
    db.close();
  }

  static ServiceEntry svc(String resource, String instance, String group, String state) {
    return new ServiceEntry(
        null,
        resource,
        instance,
        group,
        state,
        state.equals("ok") ? "" : "redis " + state,
        System.currentTimeMillis(),
        60,
        List.of("restart"),
        false);
  }

  private JsonNode beat(Heartbeat hb) throws Exception {
    HttpResponse<String> r = col.post("/api/v1/heartbeat", ADMIN, hb);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private JsonNode full(String host, String hash, List<ServiceEntry> services) throws Exception {
    return beat(new Heartbeat(host, "0.1", Map.of(), hash, services, null, null, null));
  }

  private JsonNode services(String query) throws Exception {
    HttpResponse<String> r = col.get("/api/v1/services" + query, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).get("services");
  }

  private List<String> states(String host) throws Exception {
    List<String> out = new ArrayList<>();
    services("?host=" + host)
        .forEach(s -> out.add(s.get("instance").asText() + "=" + s.get("state").asText()));
    return out;
  }

  @Test
  void fullFormListsEveryServiceAndTheTreeCountsThem() throws Exception {
    String host = "inv-full-" + UUID.randomUUID();
    JsonNode answer =
        full(
            host,
            H1,
            List.of(
                svc("system", "", "", "ok"),
                svc("redis", "6379", "dev/cache", "ok"),
                svc("redis", "6380", "dev/cache", "unknown")));
    assertThat(answer.toString()).isEqualTo("{\"ok\":true,\"services_hash\":\"" + H1 + "\"}");
    JsonNode list = services("?host=" + host);
    assertThat(list).hasSize(3);
    JsonNode redis = list.get(1);
    assertThat(redis.get("resource").asText()).isEqualTo("redis");
    assertThat(redis.get("instance").asText()).isEqualTo("6379");
    assertThat(redis.get("group").asText()).isEqualTo("dev/cache");
    assertThat(redis.get("state").asText()).isEqualTo("ok");
    assertThat(redis.get("actions").toString()).isEqualTo("[\"restart\"]");
    assertThat(redis.get("protected").asBoolean()).isFalse();
    assertThat(redis.get("acked").asBoolean()).isFalse();
    assertThat(redis.get("since").asText()).endsWith("Z");
    assertThat(redis.get("last_check").asText()).endsWith("Z");
    assertThat(services("?host=" + host + "&group=dev")).hasSize(2);
    assertThat(services("?host=" + host + "&group=ungrouped")).hasSize(1);
    assertThat(services("?host=" + host + "&state=unknown")).hasSize(1);
    assertThat(col.get("/api/v1/services?state=bad", null).statusCode()).isEqualTo(400);
    assertThat(col.get("/api/v1/services?group=a//b", null).statusCode()).isEqualTo(400);

    HttpResponse<String> t = col.get("/api/v1/tree", null);
    assertThat(t.statusCode()).isEqualTo(200);
    JsonNode tree = json(t);
    assertThat(tree.get("name").asText()).isEmpty();
    List<String> names = new ArrayList<>();
    tree.get("children").forEach(c -> names.add(c.get("name").asText()));
    assertThat(names).contains("dev", "ungrouped").isSorted();
    JsonNode dev = tree.get("children").get(names.indexOf("dev"));
    assertThat(dev.get("services")).isEmpty();
    JsonNode cache = dev.get("children").get(0);
    assertThat(cache.get("name").asText()).isEqualTo("cache");
    assertThat(cache.get("counts").get("ok").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(dev.get("counts").get("unknown").asInt()).isGreaterThanOrEqualTo(1);
    // Committed with the host row: the hash survives in the database.
    assertThat(col.count("SELECT COUNT(*) FROM services WHERE host = '" + host + "'")).isEqualTo(3);
    assertThat(
            col.count(
                "SELECT COUNT(*) FROM hosts WHERE host = '"
                    + host
                    + "' AND services_hash = '"
                    + H1
                    + "'"))
        .isEqualTo(1);
  }

  @Test
  void shortFormChangesAStateAndAWrongBaseAnswersResend() throws Exception {
    String host = "inv-short-" + UUID.randomUUID();
    full(host, H1, List.of(svc("redis", "6379", "", "ok"), svc("redis", "6380", "", "ok")));
    long now = System.currentTimeMillis();
    JsonNode answer =
        beat(
            new Heartbeat(
                host,
                "0.1",
                Map.of(),
                H2,
                null,
                H1,
                List.of(now, now),
                List.of(svc("redis", "6380", "", "unknown").withIndex(1))));
    assertThat(answer.get("services_hash").asText()).isEqualTo(H2);
    assertThat(answer.has("resend")).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> states(host).contains("6380=unknown"));
    assertThat(states(host)).containsExactly("6379=ok", "6380=unknown");

    JsonNode resend =
        beat(new Heartbeat(host, "0.1", Map.of(), H3, null, H1, List.of(now, now), List.of()));
    assertThat(resend.toString())
        .isEqualTo("{\"ok\":true,\"services_hash\":\"" + H2 + "\",\"resend\":true}");
    JsonNode wrongCount =
        beat(new Heartbeat(host, "0.1", Map.of(), H3, null, H2, List.of(now), List.of()));
    assertThat(wrongCount.get("resend").asBoolean()).isTrue();
    JsonNode wrongService =
        beat(
            new Heartbeat(
                host,
                "0.1",
                Map.of(),
                H3,
                null,
                H2,
                List.of(now, now),
                List.of(svc("mysql", "3306", "", "ok").withIndex(0))));
    assertThat(wrongService.get("resend").asBoolean()).isTrue();
    assertThat(states(host)).containsExactly("6379=ok", "6380=unknown");
  }

  @Test
  void aRemovedServiceGoesAndItsAlertResolves() throws Exception {
    String host = "inv-removed-" + UUID.randomUUID();
    full(host, H1, List.of(svc("redis", "6379", "", "ok"), svc("redis", "6380", "", "critical")));
    HttpResponse<String> ev =
        col.post(
            "/api/v1/events",
            ADMIN,
            Events.body(
                host, Events.event("redis", "6380", "down", "firing", "critical", "redis down")));
    assertThat(ev.statusCode()).as(ev.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              JsonNode s = services("?host=" + host + "&state=critical");
              return s.size() == 1 && s.get(0).get("summary").asText().equals("redis down");
            });

    full(host, H2, List.of(svc("redis", "6379", "", "ok")));
    assertThat(states(host)).containsExactly("6379=ok");
    HttpResponse<String> alerts = col.get("/api/v1/alerts?host=" + host, null);
    JsonNode a = json(alerts).get("alerts").get(0);
    assertThat(a.get("state").asText()).isEqualTo("resolved");
    assertThat(
            col.count(
                "SELECT COUNT(*) FROM alert_events WHERE host = '"
                    + host
                    + "' AND summary = 'service removed from the agent''s configuration'"))
        .isEqualTo(1);
    assertThat(col.count("SELECT COUNT(*) FROM services WHERE host = '" + host + "'")).isEqualTo(1);
  }

  @Test
  void aRestartedCollectorKeepsTheInventoryAndItsHash(@TempDir Path again) throws Exception {
    String host = "inv-restart-" + UUID.randomUUID();
    full(host, H1, List.of(svc("redis", "6379", "", "ok"), svc("system", "", "", "unknown")));
    await().atMost(Duration.ofSeconds(5)).until(() -> states(host).contains("=unknown"));
    col.close();
    col = Collector.start(db.settings(), again, Clock.systemUTC(), "");
    assertThat(states(host)).containsExactly("6379=ok", "=unknown");
    long now = System.currentTimeMillis();
    JsonNode answer =
        beat(new Heartbeat(host, "0.1", Map.of(), H2, null, H1, List.of(now, now), List.of()));
    assertThat(answer.toString()).isEqualTo("{\"ok\":true,\"services_hash\":\"" + H2 + "\"}");
  }

  @Test
  void aRefusedHeartbeatStoresNothing() throws Exception {
    String host = "inv-refused-" + UUID.randomUUID();
    ServiceEntry bad = svc("redis", "6379", "dev//cache", "ok");
    HttpResponse<String> r =
        col.post(
            "/api/v1/heartbeat",
            ADMIN,
            new Heartbeat(host, "0.1", Map.of(), H1, List.of(bad), null, null, null));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).toString()).contains("services[0].group");
    assertThat(col.count("SELECT COUNT(*) FROM hosts WHERE host = '" + host + "'")).isZero();
    assertThat(services("?host=" + host)).isEmpty();
  }

  @Test
  void theStreamCarriesServiceEvents() throws Exception {
    String host = "inv-stream-" + UUID.randomUUID();
    HttpResponse<InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(col.url("/api/v1/stream"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader sse =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(sse.readLine()).isEqualTo("event: hello");
    CompletableFuture<String> event =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                boolean in = false;
                for (String l = sse.readLine(); l != null; l = sse.readLine()) {
                  if (l.startsWith("event: ")) {
                    in = l.equals("event: service");
                  } else if (in && l.startsWith("data: ") && l.contains(host)) {
                    return l.substring(6);
                  }
                }
                return null;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    full(host, H1, List.of(svc("redis", "6379", "", "ok")));
    long now = System.currentTimeMillis();
    beat(
        new Heartbeat(
            host,
            "0.1",
            Map.of(),
            H2,
            null,
            H1,
            List.of(now),
            List.of(svc("redis", "6379", "", "unknown").withIndex(0))));
    JsonNode e = Collector.JSON.readTree(event.get(10, TimeUnit.SECONDS));
    assertThat(e.get("host").asText()).isEqualTo(host);
    assertThat(e.get("resource").asText()).isEqualTo("redis");
    assertThat(e.get("state").asText()).isEqualTo("unknown");
    assertThat(e.get("summary").asText()).isEqualTo("redis unknown");
    stream.body().close();
  }
}
