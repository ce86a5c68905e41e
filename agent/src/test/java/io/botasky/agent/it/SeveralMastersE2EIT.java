package io.botasky.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.testkit.FixtureTree;
import io.botasky.common.testkit.Daemon;
import io.botasky.common.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent with two masters (docs/agent.md, "Several masters"): two real {@code bin/pihealthd}
 * share one fresh MariaDB database, one real {@code bin/boagent} has {@code master = A, B} and
 * raises alert events without pause (a fixture host whose CPU temperature the test turns hot and
 * cool). Collector A is killed with SIGKILL in the middle of it: the agent logs its move to B after
 * two failed attempts and goes on there; in the end every alert event the agent logged is in {@code
 * alert_events} exactly once, in the order raised.
 */
class SeveralMastersE2EIT {
  private static final String TOKEN = "e2e-token-0123456789abcdef";
  private static final Pattern ALERT =
      Pattern.compile("alert: (firing|resolved) \\S+ ([^/]*)/([^/]*)/(cpu_temp):");
  @TempDir Path tmp;
  private TestDatabase db;
  private Daemon a;
  private Daemon b;
  private Daemon agent;
  private final ExecutorService driver = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.create(TestDatabase.Engine.MARIADB, tmp);
    Files.writeString(tmp.resolve("tokens"), "pi3=" + TOKEN + "\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    driver.shutdownNow();
    for (Daemon d : new Daemon[] {agent, a, b}) {
      if (d != null) {
        d.close();
      }
    }
    db.close();
  }

  /** A collector named {@code name} on {@code port}, with its own data dir and log. */
  private Daemon collector(String name, int port) throws Exception {
    Path conf = tmp.resolve(name + ".conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "master = " + name,
            "client_port = " + port,
            "bind = 127.0.0.1",
            "PIHealthLog = " + tmp.resolve(name + ".log"),
            "data_dir = " + tmp.resolve(name),
            "db_url = " + db.settings().url(),
            "db_user = " + db.settings().user(),
            "db_password = " + db.settings().password(),
            "agent_tokens = " + tmp.resolve("tokens"),
            ""));
    Daemon d =
        Daemon.start(tmp.resolve(name + ".out"), Map.of(), "pihealthd", "-c", conf.toString());
    await().atMost(Duration.ofSeconds(90)).until(() -> Daemon.ready(port));
    return d;
  }

  private String agentLog() throws Exception {
    Path f = tmp.resolve("agent.log");
    return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
  }

  private List<String> raised() throws Exception {
    List<String> out = new ArrayList<>();
    Matcher m = ALERT.matcher(agentLog());
    while (m.find()) {
      out.add(m.group(1) + " " + m.group(2) + "/" + m.group(3) + "/" + m.group(4));
    }
    return out;
  }

  private List<String> stored() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(
                db.settings().url(), db.settings().user(), db.settings().password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT state, resource, instance, `check` FROM alert_events WHERE host='pi3' "
                    + "AND `check`='cpu_temp' ORDER BY id")) {
      while (rs.next()) {
        out.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + "/"
                + rs.getString(3)
                + "/"
                + rs.getString(4));
      }
    }
    return out;
  }

  @Test
  void theAgentMovesToTheSecondMasterWhenTheFirstIsKilledAndNoEventIsLostOrStoredTwice()
      throws Exception {
    int portA = Daemon.freePort();
    int portB = Daemon.freePort();
    // One after the other: the second finds the schema the first created.
    a = collector("e2e-a", portA);
    b = collector("e2e-b", portB);

    FixtureTree host = FixtureTree.copy("basic", tmp);
    Files.createDirectories(host.root().resolve("var"));
    Files.createSymbolicLink(host.root().resolve("var/log"), host.root().resolve("log"));
    Path temp = host.root().resolve("sys/class/thermal/thermal_zone1/temp");
    Path ini = tmp.resolve("colConfig.ini");
    Files.writeString(
        ini,
        String.join(
            "\n",
            "[agent]",
            "host = pi3",
            "master = 127.0.0.1:" + portA + ", 127.0.0.1:" + portB,
            "token = " + TOKEN,
            "data_dir = " + tmp.resolve("spool"),
            "backup_dir = " + tmp.resolve("backup"),
            "flush_every = 2",
            "heartbeat = 1s",
            "retry_max = 1s",
            "request_timeout = 3s",
            "resend_every = 1h",
            "log = " + tmp.resolve("agent.log"),
            "[system]",
            "cpu_interval = 300ms",
            "mem_interval = 300ms",
            "cpu_sample = 50ms",
            "disk_interval = 2s",
            "sysinfo_interval = 2s",
            "users_interval = 2s",
            "proc_interval = 1h",
            "root_users = root, pi, zq",
            ""));
    agent =
        Daemon.start(
            tmp.resolve("agent.out"),
            Map.of("BOTASKY_JAVA_OPTS", "-Dboagent.root=" + host.root()),
            "boagent",
            "--debug",
            "-f",
            ini.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> agentLog().contains("ready: boagent pi3"));
    assertThat(agentLog())
        .contains("delivering to http://127.0.0.1:" + portA + ", http://127.0.0.1:" + portB);

    // Alerts without pause: hot until the agent fires, cool until it resolves, again and again.
    AtomicBoolean go = new AtomicBoolean(true);
    AtomicInteger cycles = new AtomicInteger();
    Future<?> storm =
        driver.submit(
            () -> {
              while (go.get()) {
                int n = cycles.get();
                Files.writeString(temp, "85000\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> count(raised(), "firing") > n);
                Files.writeString(temp, "40000\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> count(raised(), "resolved") > n);
                cycles.incrementAndGet();
              }
              return null;
            });

    // A takes the first events.
    await().atMost(Duration.ofSeconds(60)).until(() -> stored().size() >= 4);
    assertThat(agentLog()).doesNotContain("master: moved");

    int beforeKill = stored().size();
    a.kill();
    long killedAt = System.nanoTime();
    String moved =
        "master: moved from 127.0.0.1:"
            + portA
            + " to 127.0.0.1:"
            + portB
            + " after 2 failed attempts (";
    await().atMost(Duration.ofSeconds(30)).until(() -> agentLog().contains(moved));
    long movedInMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    int atMove = cycles.get();
    await().atMost(Duration.ofSeconds(90)).until(() -> cycles.get() >= atMove + 4);
    go.set(false);
    storm.get(90, TimeUnit.SECONDS);

    // Everything raised reaches B: the last resolve is stored, and the spool is empty.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> stored().size() == raised().size() && !raised().isEmpty());
    assertThat(agent.terminate(Duration.ofSeconds(10))).as("agent exit on SIGTERM").isZero();

    String log = agentLog();
    List<String> raised = raised();
    // For the report: the move and how long it took.
    log.lines().filter(l -> l.contains("master: ")).forEach(System.out::println);
    System.out.println(
        "moved " + movedInMs + " ms after the kill; " + raised.size() + " events raised");
    assertThat(raised.size()).as("events raised").isGreaterThanOrEqualTo(12);
    assertThat(stored()).as("alert events stored once each, in order").isEqualTo(raised);
    assertThat(log.lines().filter(l -> l.contains("master: moved")).toList())
        .as("one move, to B")
        .hasSize(1)
        .allSatisfy(l -> assertThat(l).contains(moved));
    assertThat(movedInMs).as("ms from the kill to the move").isLessThan(30_000);
    assertThat(tmp.resolve("spool/rejected"))
        .as(
            "nothing set aside; agent warnings: %s",
            log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList())
        .doesNotExist();
    // A is dead: what came after the kill went through B.
    assertThat(raised.size()).as("events stored after the kill").isGreaterThan(beforeKill);
    assertThat(b.alive()).isTrue();
  }

  private static long count(List<String> raised, String state) {
    return raised.stream().filter(r -> r.startsWith(state + " ")).count();
  }
}
