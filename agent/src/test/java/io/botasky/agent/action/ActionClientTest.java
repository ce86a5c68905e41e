package io.botasky.agent.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.agent.LoadedConfig;
import io.botasky.agent.inventory.ConfiguredService;
import io.botasky.agent.inventory.ServiceKeys;
import io.botasky.agent.probe.command.ArgvSplitter;
import io.botasky.agent.testkit.FakeCollector;
import io.botasky.agent.testkit.FixtureTree;
import io.botasky.agent.transport.CollectorClient;
import io.botasky.agent.transport.HttpTransport;
import io.botasky.common.exec.ProcessCommandRunner;
import io.botasky.common.testkit.MutableClock;
import io.botasky.common.time.Backoff;
import io.botasky.common.time.StartSchedule;
import io.botasky.common.wire.ServiceEntry;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's half of controlled actions (docs/agent.md, "Controlled actions") against a fake
 * collector: poll, journal, check against the configuration in force, run real programs, report.
 */
class ActionClientTest {
  @TempDir Path tmp;
  private FixtureTree tree;
  private FakeCollector collector;
  private final List<String> pending = new CopyOnWriteArrayList<>();
  private final List<ActionClient> clients = new ArrayList<>();
  private final ExecutorService http = Executors.newCachedThreadPool();
  private LoadedConfig base;
  private Path data;

  @BeforeEach
  void setUp() throws Exception {
    tree = FixtureTree.copy("basic", tmp);
    data = Files.createDirectories(tmp.resolve("data"));
    collector = new FakeCollector();
    // A collector that lists an action as pending until a report about it arrives.
    collector.respond(
        ActionClient.POLL_PATH,
        body ->
            new FakeCollector.Answer(
                200, null, "{\"actions\":[" + String.join(",", pending) + "]}"));
    collector.respond(
        ActionClient.REPORT_PATH,
        body -> {
          for (JsonNode r : body.get("reports")) {
            if (r.has("id")) {
              pending.removeIf(p -> p.contains("\"id\":" + r.get("id").asLong() + ","));
            }
          }
          return new FakeCollector.Answer(200, null, "{\"ok\":true}");
        });
    Path ini = tmp.resolve("colConfig.ini");
    Files.writeString(ini, "[agent]\nmaster = pi1\nhost = web1\n[system]\n");
    base = tree.wiring().load(ini, Set.of(), true);
  }

  @AfterEach
  void tearDown() {
    clients.forEach(c -> c.stop(Duration.ofSeconds(2)));
    collector.close();
    http.shutdownNow();
  }

  // ---- helpers ----

  private Path script(String name, String body) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private static ConfiguredService service(
      String resource,
      String instance,
      boolean prot,
      Map<String, List<String>> actions,
      Duration timeout,
      Map<String, StartSchedule> schedules) {
    return new ConfiguredService(
        resource, instance, new ServiceKeys("", prot, actions, timeout, schedules), List.of());
  }

  private static ConfiguredService service(
      String resource, String instance, String action, List<String> argv) {
    return service(
        resource, instance, false, Map.of(action, argv), Duration.ofSeconds(20), Map.of());
  }

  private LoadedConfig config(ConfiguredService... services) {
    return new LoadedConfig(base.settings(), List.of(services), List.of());
  }

  private ActionClient client(LoadedConfig cfg, MutableClock clock, Backoff backoff) {
    return client(() -> cfg, clock, backoff);
  }

  private ActionClient client(LoadedConfig cfg, MutableClock clock) {
    return client(() -> cfg, clock);
  }

  private ActionClient client(Supplier<LoadedConfig> cfg, MutableClock clock) {
    return client(
        cfg,
        clock,
        new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), RandomGenerator.getDefault()));
  }

  private ActionClient client(Supplier<LoadedConfig> cfg, MutableClock clock, Backoff backoff) {
    CollectorClient cc =
        new CollectorClient(
            new HttpTransport(false, Duration.ofSeconds(2), http),
            collector.uri(),
            "agent-token",
            Duration.ofSeconds(2));
    ActionCodec codec = new ActionCodec();
    ActionClient c =
        new ActionClient(
            cc,
            codec,
            new ActionJournal(data.resolve("actions.journal"), codec),
            new ProcessCommandRunner(64 * 1024),
            () -> {
              LoadedConfig now = cfg.get();
              return new ActionScope(now.services(), now.settings().services().allowPower());
            },
            clock,
            UUID::randomUUID,
            backoff,
            "web1",
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            Executors.newCachedThreadPool());
    clients.add(c);
    return c;
  }

  private static String request(long id, String resource, String instance, String action) {
    return "{\"id\":"
        + id
        + ",\"resource\":\""
        + resource
        + "\",\"instance\":\""
        + instance
        + "\",\"action\":\""
        + action
        + "\",\"by\":\"alice\",\"requested_at\":\"2026-12-06T20:00:00Z\"}";
  }

  private List<JsonNode> reports() {
    List<JsonNode> out = new ArrayList<>();
    for (FakeCollector.Request r : collector.requests(ActionClient.REPORT_PATH)) {
      r.body().get("reports").forEach(out::add);
    }
    return out;
  }

  private List<JsonNode> reportsOf(long id) {
    return reports().stream().filter(r -> r.path("id").asLong() == id).toList();
  }

  private JsonNode outcome(long id) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> reportsOf(id).stream().anyMatch(r -> !r.get("state").asText().equals("running")));
    return reportsOf(id).stream()
        .filter(r -> !r.get("state").asText().equals("running"))
        .findFirst()
        .orElseThrow();
  }

  // ---- tests ----

  @Test
  void anAgentThatOffersNoActionStopsPollingOnceTheCollectorListsNoneAndAReloadStartsItAgain()
      throws Exception {
    ConfiguredService plain =
        service("redis", "6379", false, Map.of(), Duration.ofSeconds(20), Map.of());
    AtomicReference<LoadedConfig> current = new AtomicReference<>(config(plain));
    ActionClient c = client(current::get, tree.clock());
    // At start the agent cannot know what the collector still lists (an action requested while
    // it was stopped): it polls.
    c.start();
    assertThat(c.polling()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !collector.requests(ActionClient.POLL_PATH).isEmpty());
    // The collector acknowledged an inventory without actions: the next answered poll is the last.
    c.inventoryHeld(
        List.of(new ServiceEntry(0, "redis", "6379", "", "ok", "", 0, 60, List.of(), false)));
    await().atMost(Duration.ofSeconds(10)).until(() -> !c.polling());
    int polls = collector.requests(ActionClient.POLL_PATH).size();
    c.tick();
    assertThat(c.polling()).isFalse();

    // A reload offers an action: the next tick starts the poll, which brings the pending one.
    Path hello = script("hello.sh", "echo hi\n");
    current.set(config(service("redis", "6379", "restart", List.of(hello.toString()))));
    pending.add(request(9, "redis", "6379", "restart"));
    c.tick();
    assertThat(c.polling()).isTrue();
    assertThat(outcome(9).get("state").asText()).isEqualTo("succeeded");
    assertThat(collector.requests(ActionClient.POLL_PATH).size()).isGreaterThan(polls);
  }

  @Test
  void aPolledActionRunsAndIsReportedRunningThenSucceeded() throws Exception {
    Path hello = script("hello.sh", "echo \"hello $1\"; echo oops >&2; exit 0\n");
    ActionClient c =
        client(
            config(service("redis", "6379", "restart", List.of(hello.toString(), "world"))),
            tree.clock());
    pending.add(request(7, "redis", "6379", "restart"));
    c.start();
    JsonNode done = outcome(7);
    assertThat(done.get("state").asText()).isEqualTo("succeeded");
    assertThat(done.get("exit_code").asInt()).isZero();
    assertThat(done.get("output").asText()).isEqualTo("hello world\noops\n");
    List<JsonNode> all = reportsOf(7);
    assertThat(all.get(0).get("state").asText()).isEqualTo("running");
    assertThat(all)
        .extracting(r -> r.get("uuid").asText())
        .containsOnly(all.get(0).get("uuid").asText());
    assertThat(all.get(0).get("by").asText()).isEqualTo("alice");
    FakeCollector.Request poll = collector.requests(ActionClient.POLL_PATH).get(0);
    assertThat(poll.query()).isEqualTo("host=web1&wait=1");
    assertThat(poll.authorization()).isEqualTo("Bearer agent-token");
    assertThat(collector.requests(ActionClient.REPORT_PATH).get(0).body().get("host").asText())
        .isEqualTo("web1");
    // Acknowledged: the journal is emptied, and the id never runs again.
    await().until(() -> !Files.exists(data.resolve("actions.journal")));
    int polls = collector.requests(ActionClient.POLL_PATH).size();
    pending.add(request(7, "redis", "6379", "restart"));
    // Two polls later the collector's list with id 7 has been seen: known, it is not run again.
    await().until(() -> collector.requests(ActionClient.POLL_PATH).size() >= polls + 2);
    assertThat(reportsOf(7)).hasSize(2);
  }

  @Test
  void whatTheConfigDoesNotAllowNowIsRefusedWithAReason() throws Exception {
    Path marker = tmp.resolve("ran");
    List<String> touch = List.of("/usr/bin/touch", marker.toString());
    ActionClient c =
        client(
            config(
                service("redis", "6379", "restart", touch),
                service(
                    "process",
                    "sshd",
                    true,
                    Map.of("restart", touch),
                    Duration.ofSeconds(5),
                    Map.of()),
                service("system", "", "reboot", touch)),
            tree.clock());
    pending.add(request(1, "redis", "6379", "flush"));
    pending.add(request(2, "process", "sshd", "restart"));
    pending.add(request(3, "system", "", "reboot"));
    pending.add(request(4, "mysql", "main", "restart"));
    c.start();
    assertThat(outcome(1).get("reason").asText()).contains("does not offer the action flush");
    assertThat(outcome(2).get("reason").asText()).contains("protected");
    assertThat(outcome(3).get("reason").asText()).contains("allow_power");
    assertThat(outcome(4).get("reason").asText()).contains("no service mysql:main");
    for (long id = 1; id <= 4; id++) {
      assertThat(outcome(id).get("state").asText()).isEqualTo("refused");
      assertThat(reportsOf(id)).extracting(r -> r.get("state").asText()).containsExactly("refused");
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void eachActionIsCheckedAgainstTheConfigInForceWhenItArrives() throws Exception {
    AtomicReference<LoadedConfig> current =
        new AtomicReference<>(config(service("redis", "6379", "restart", List.of("/bin/true"))));
    ActionClient c = client(current::get, tree.clock());
    pending.add(request(51, "redis", "6379", "restart"));
    c.start();
    assertThat(outcome(51).get("state").asText()).isEqualTo("succeeded");
    // A reload took the action away: the next request for it is refused.
    current.set(config(service("redis", "6379", "flush", List.of("/bin/true"))));
    pending.add(request(52, "redis", "6379", "restart"));
    JsonNode refused = outcome(52);
    assertThat(refused.get("state").asText()).isEqualTo("refused");
    assertThat(refused.get("reason").asText()).contains("does not offer the action restart");
  }

  @Test
  void aSecondActionOnABusyServiceIsRefused() throws Exception {
    Path go = tmp.resolve("go");
    Path slow = script("slow.sh", "while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo done\n");
    ActionClient c =
        client(
            config(
                service(
                    "redis",
                    "6379",
                    false,
                    Map.of("restart", List.of(slow.toString()), "flush", List.of("/bin/true")),
                    Duration.ofSeconds(20),
                    Map.of())),
            tree.clock());
    pending.add(request(1, "redis", "6379", "restart"));
    c.start();
    await().until(() -> !reportsOf(1).isEmpty());
    pending.add(request(2, "redis", "6379", "flush"));
    JsonNode second = outcome(2);
    assertThat(second.get("state").asText()).isEqualTo("refused");
    assertThat(second.get("reason").asText())
        .isEqualTo("another action is running on this service");
    Files.createFile(go);
    assertThat(outcome(1).get("state").asText()).isEqualTo("succeeded");
    // Free again once it finished.
    pending.add(request(3, "redis", "6379", "flush"));
    assertThat(outcome(3).get("state").asText()).isEqualTo("succeeded");
  }

  @Test
  void theTimeoutKillsTheWholeGroupEvenWhenTheProgramIgnoresTerm() throws Exception {
    Path pids = tmp.resolve("pids");
    Path hang =
        script(
            "hang.sh",
            "trap '' TERM\n/bin/sleep 300 &\necho $$ $! > '"
                + pids
                + "'\necho started\n"
                + "while true; do sleep 1; done\n");
    ActionClient c =
        client(
            config(
                service(
                    "redis",
                    "6379",
                    false,
                    Map.of("restart", List.of(hang.toString())),
                    Duration.ofSeconds(1),
                    Map.of())),
            tree.clock());
    pending.add(request(5, "redis", "6379", "restart"));
    c.start();
    JsonNode done = outcome(5);
    assertThat(done.get("state").asText()).isEqualTo("timed_out");
    assertThat(done.has("exit_code")).isFalse();
    assertThat(done.get("reason").asText()).contains("action_timeout 1s");
    assertThat(done.get("output").asText()).isEqualTo("started\n");
    String[] ids = Files.readString(pids).strip().split(" ");
    for (String pid : ids) {
      assertGone(Long.parseLong(pid));
    }
  }

  @Test
  void tenMegabytesOfOutputKeepOnlyTheLastFourKilobytes() throws Exception {
    Path loud =
        script("loud.sh", "head -c 10000000 /dev/zero | tr '\\000' x\necho\necho THE END >&2\n");
    ActionClient c =
        client(config(service("redis", "6379", "restart", List.of(loud.toString()))), tree.clock());
    pending.add(request(6, "redis", "6379", "restart"));
    c.start();
    JsonNode done = outcome(6);
    assertThat(done.get("state").asText()).isEqualTo("succeeded");
    String out = done.get("output").asText();
    assertThat(out).hasSize(4096).endsWith("x\nTHE END\n").startsWith("xxxx");
  }

  @Test
  void hostAndInstanceArriveAsOneLiteralArgvElementEach() throws Exception {
    Path argv = script("argv.sh", "for a in \"$@\"; do printf '[%s]' \"$a\"; done\n");
    String host = "web 1; rm -rf / $(reboot) `id` 'q' \"d\"\nnext";
    String instance = "a b;$(touch /tmp/x)\n'\"";
    List<String> words =
        ArgvSplitter.substitute(
            ArgvSplitter.split(argv + " :host: --instance=:instance: plain"), host, instance);
    ActionClient c = client(config(service("redis", instance, "restart", words)), tree.clock());
    pending.add(
        request(8, "redis", instance.replace("\n", "\\n").replace("\"", "\\\""), "restart"));
    c.start();
    JsonNode done = outcome(8);
    assertThat(done.get("state").asText()).isEqualTo("succeeded");
    assertThat(done.get("output").asText())
        .isEqualTo("[" + host + "][--instance=" + instance + "][plain]");
  }

  @Test
  void afterARestartWhatDidNotFinishIsReportedFailedAndNeverRunAgain() throws Exception {
    Path marker = tmp.resolve("ran");
    ActionCodec codec = new ActionCodec();
    ActionReport started =
        new ActionReport(
            11L, "u-11", "redis", "6379", "restart", "alice", null, null, null, null, 1);
    ActionReport received =
        new ActionReport(12L, "u-12", "redis", "6379", "flush", "bob", null, null, null, null, 2);
    String journal =
        new String(codec.journalLine("received", started))
            + "\n"
            + new String(codec.journalLine("started", started))
            + "\n"
            + new String(codec.journalLine("received", received))
            + "\n"
            + "{\"e\":\"finished\",\"uuid\":\"u-1"; // a line torn by the crash
    Files.writeString(data.resolve("actions.journal"), journal);
    List<String> touch = List.of("/usr/bin/touch", marker.toString());
    ActionClient c =
        client(
            config(
                service(
                    "redis",
                    "6379",
                    false,
                    Map.of("restart", touch, "flush", touch),
                    Duration.ofSeconds(5),
                    Map.of())),
            tree.clock());
    // The collector still lists both as pending (it never heard of them running).
    pending.add(request(11, "redis", "6379", "restart"));
    pending.add(request(12, "redis", "6379", "flush"));
    c.start();
    JsonNode a = outcome(11);
    JsonNode b = outcome(12);
    assertThat(a.get("state").asText()).isEqualTo("failed");
    assertThat(a.get("reason").asText()).isEqualTo("interrupted: the agent stopped while it ran");
    assertThat(a.get("uuid").asText()).isEqualTo("u-11");
    assertThat(b.get("state").asText()).isEqualTo("failed");
    assertThat(b.get("reason").asText()).isEqualTo("interrupted before it started");
    await().until(() -> !Files.exists(data.resolve("actions.journal")));
    int polls = collector.requests(ActionClient.POLL_PATH).size();
    // Two more polls of the list still naming 11 and 12: neither is run.
    await().until(() -> collector.requests(ActionClient.POLL_PATH).size() >= polls + 2);
    assertThat(marker).doesNotExist();
    assertThat(reportsOf(11)).hasSize(1);
    assertThat(reportsOf(12)).hasSize(1);
  }

  @Test
  void whileTheCollectorRefusesReportsTheyAreKeptAndSentLater() throws Exception {
    collector.answer(
        ActionClient.REPORT_PATH,
        new FakeCollector.Answer(503, null, "down"),
        new FakeCollector.Answer(503, null, "down"),
        new FakeCollector.Answer(502, null, "proxy"),
        new FakeCollector.Answer(503, null, "down"));
    ActionClient c =
        client(
            config(service("redis", "6379", "restart", List.of("/bin/echo", "ok"))), tree.clock());
    pending.add(request(21, "redis", "6379", "restart"));
    c.start();
    JsonNode done = outcome(21);
    assertThat(done.get("state").asText()).isEqualTo("succeeded");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                c.unacknowledged().isEmpty()
                    && collector.requests(ActionClient.REPORT_PATH).size() >= 5);
    assertThat(collector.requests(ActionClient.REPORT_PATH))
        .extracting(FakeCollector.Request::status)
        .startsWith(503, 503, 502, 503, 200);
    // The id ran once although the collector kept listing it while it heard nothing: every
    // report (resent as is) names the same run.
    assertThat(reportsOf(21).stream().map(r -> r.get("uuid").asText()).distinct()).hasSize(1);
    assertThat(
            reportsOf(21).stream()
                .filter(r -> r.get("state").asText().equals("succeeded"))
                .map(JsonNode::toString)
                .distinct())
        .hasSize(1);
    assertThat(data.resolve("actions.journal")).doesNotExist();
  }

  @Test
  void aReportTheCollectorRefusesForGoodIsDropped() throws Exception {
    collector.answer(ActionClient.REPORT_PATH, new FakeCollector.Answer(404, null, "no such id"));
    ActionClient c =
        client(config(service("redis", "6379", "restart", List.of("/bin/true"))), tree.clock());
    pending.add(request(31, "redis", "6379", "restart"));
    c.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> c.unacknowledged().isEmpty() && reportsOf(31).size() >= 2);
    await().until(() -> !Files.exists(data.resolve("actions.journal")));
  }

  @Test
  void anOlderCollectorAnswering404IsNotPolledInABusyLoop() throws Exception {
    collector.respond(ActionClient.POLL_PATH, body -> new FakeCollector.Answer(404, null, "{}"));
    ActionClient c =
        client(
            config(service("redis", "6379", "restart", List.of("/bin/true"))),
            tree.clock(),
            new Backoff(
                Duration.ofMillis(500), Duration.ofSeconds(2), RandomGenerator.getDefault()));
    c.start();
    Thread.sleep(2500);
    assertThat(collector.requests(ActionClient.POLL_PATH).size()).isBetween(1, 5);
  }

  @Test
  void aScheduledActionStartsAtItsTimeOnTheAgentsClock() throws Exception {
    MutableClock clock = tree.clock();
    Path marker = tmp.resolve("ran");
    StartSchedule daily = StartSchedule.parse("daily 04:00");
    ActionClient c =
        client(
            config(
                service(
                    "redis",
                    "6379",
                    false,
                    Map.of("restart", List.of("/usr/bin/touch", marker.toString())),
                    Duration.ofSeconds(5),
                    Map.of("restart", daily))),
            clock);
    c.start();
    c.tick();
    ZonedDateTime next = daily.next(clock.instant().atZone(clock.getZone()));
    assertThat(next.toLocalTime().toString()).isEqualTo("04:00");
    clock.set(next.toInstant().minusSeconds(1));
    c.tick();
    Thread.sleep(300);
    assertThat(marker).doesNotExist();
    clock.set(next.toInstant());
    c.tick();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> reports().stream().anyMatch(r -> r.get("state").asText().equals("succeeded")));
    JsonNode done =
        reports().stream()
            .filter(r -> r.get("state").asText().equals("succeeded"))
            .findFirst()
            .orElseThrow();
    assertThat(done.has("id")).isFalse();
    assertThat(done.get("by").asText()).isEqualTo("schedule");
    assertThat(done.get("uuid").asText()).isNotEmpty();
    assertThat(done.get("at").asLong()).isEqualTo(next.toInstant().toEpochMilli());
    assertThat(marker).exists();
    // Once per start: the next tick at the same time starts nothing more.
    c.tick();
    Thread.sleep(300);
    assertThat(reports().stream().filter(r -> r.get("state").asText().equals("running")))
        .hasSize(1);
  }

  @Test
  void aScheduledActionIsSkippedWhileAnotherRunsOnTheService() throws Exception {
    MutableClock clock = tree.clock();
    Path go = tmp.resolve("go");
    Path slow = script("slow.sh", "while [ ! -e '" + go + "' ]; do sleep 0.05; done\n");
    StartSchedule daily = StartSchedule.parse("daily 04:00");
    ActionClient c =
        client(
            config(
                service(
                    "redis",
                    "6379",
                    false,
                    Map.of("restart", List.of(slow.toString()), "flush", List.of("/bin/true")),
                    Duration.ofSeconds(20),
                    Map.of("flush", daily))),
            clock);
    c.start();
    c.tick();
    pending.add(request(41, "redis", "6379", "restart"));
    await().until(() -> !reportsOf(41).isEmpty());
    clock.set(daily.next(clock.instant().atZone(clock.getZone())).toInstant());
    c.tick();
    await()
        .until(() -> reports().stream().anyMatch(r -> r.get("state").asText().equals("refused")));
    JsonNode skipped =
        reports().stream()
            .filter(r -> r.get("state").asText().equals("refused"))
            .findFirst()
            .orElseThrow();
    assertThat(skipped.get("reason").asText())
        .isEqualTo("skipped: another action is running on this service");
    Files.createFile(go);
    assertThat(outcome(41).get("state").asText()).isEqualTo("succeeded");
  }

  /** Gone, or a zombie nobody reaps in this container (it runs nothing any more). */
  static void assertGone(long pid) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String state = "?";
    while (System.nanoTime() < until) {
      String stat;
      try {
        stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      } catch (NoSuchFileException e) {
        return;
      }
      state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state.equals("Z") || state.equals("X")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("process " + pid + " still alive in state " + state);
  }
}
