package io.botasky.agent;

import io.botasky.agent.alert.AlertPolicy;
import io.botasky.agent.inventory.ServiceKeys;
import io.botasky.agent.transport.MasterAddress;
import io.botasky.common.config.Section;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code [agent]} section: who we are, where the collector is, the spool and its limits.
 *
 * @param master the {@code master} key as written: one collector or a comma list (docs/agent.md,
 *     "Several masters")
 * @param masters its entries, in the order of preference; empty when {@code master} is not set
 * @param flushEvery probe rounds kept in memory between two writes of the data file
 * @param logRate log lines forwarded to the collector's log view at most per minute (docs/api.md,
 *     "Log view")
 * @param services what {@code [agent]} sets for every service of the host: the default {@code
 *     group}, and {@code allow_power} (docs/agent.md, "Service inventory")
 */
public record AgentSettings(
    String host,
    String master,
    List<MasterAddress> masters,
    int port,
    String token,
    boolean tls,
    Path dataDir,
    Path backupDir,
    long fileMax,
    int flushEvery,
    long spoolMax,
    Duration heartbeat,
    Path log,
    Duration requestTimeout,
    Duration retryMax,
    AlertPolicy alerts,
    int logRate,
    ServiceKeys.HostDefaults services) {

  /**
   * Reads the section; {@code home} expands a leading {@code ~}, {@code defaultHost} is this
   * machine's name. {@code master} is required only to run the daemon ({@code check} needs no
   * collector).
   */
  public static AgentSettings read(Section s, Path home, String defaultHost, boolean needMaster) {
    String host = s.string("host", defaultHost);
    if (host.isBlank()) {
      s.error("host", "must not be empty");
    }
    String master = needMaster ? s.required("master") : s.string("master", "");
    int port = s.intIn("port", 8732, 1, 65535);
    List<MasterAddress> masters = master == null ? List.of() : masters(s, master, port);
    String token = s.string("token", "");
    boolean tls = s.bool("tls", false);
    Path dataDir = path(s.path("data_dir", "/var/lib/boagent"), home);
    Path backupDir =
        s.has("backup_dir") ? path(s.path("backup_dir", "."), home) : dataDir.resolve("backup");
    long fileMax = s.size("file_max", 30L << 20);
    int flushEvery = s.intIn("flush_every", 10, 1, 10_000);
    long spoolMax = s.size("spool_max", 512L << 20);
    if (fileMax < 1024) {
      s.error("file_max", "must be at least 1K");
    }
    if (spoolMax < 2 * fileMax) {
      s.error("spool_max", "must be at least twice file_max, so a full data file and a backup fit");
    }
    Duration heartbeat = positive(s, "heartbeat", Duration.ofSeconds(10));
    Path log = path(s.path("log", "~/log/pihealth.log"), home);
    Duration timeout = positive(s, "request_timeout", Duration.ofSeconds(10));
    Duration retryMax = positive(s, "retry_max", Duration.ofMinutes(2));
    AlertPolicy policy =
        new AlertPolicy(
            s.intIn("debounce_metric", 2, 1, 100),
            s.intIn("debounce_down", 1, 1, 100),
            s.decimal("hysteresis", 5.0, 0, 50),
            positive(s, "resend_every", Duration.ofMinutes(5)));
    int logRate = s.intIn("log_rate", 120, 1, 100_000);
    return new AgentSettings(
        host,
        master == null ? "" : master,
        masters,
        port,
        token,
        tls,
        dataDir,
        backupDir,
        fileMax,
        flushEvery,
        spoolMax,
        heartbeat,
        log,
        timeout,
        retryMax,
        policy,
        logRate,
        ServiceKeys.readHost(s));
  }

  /**
   * The entries of {@code master}, each checked as {@link MasterAddress#parse} does; an empty entry
   * or the same collector twice is an error against the key.
   */
  private static List<MasterAddress> masters(Section s, String value, int port) {
    List<MasterAddress> out = new ArrayList<>();
    if (value.isBlank()) {
      return out;
    }
    Set<String> seen = new HashSet<>();
    for (String entry : value.split(",", -1)) {
      MasterAddress a;
      try {
        a = MasterAddress.parse(entry, port);
      } catch (IllegalArgumentException e) {
        s.error("master", e.getMessage());
        continue;
      }
      if (!seen.add(a.key())) {
        s.error("master", a + " is listed twice");
        continue;
      }
      out.add(a);
    }
    return List.copyOf(out);
  }

  /**
   * The first collector's base URL, {@code http(s)://master:port}; with several masters the agent
   * starts with it.
   */
  public String baseUrl() {
    return masterUrls().isEmpty() ? "" : masterUrls().get(0).toString();
  }

  /** The base URL of every master, in the order of preference. */
  public List<URI> masterUrls() {
    List<URI> out = new ArrayList<>();
    for (MasterAddress a : masters) {
      try {
        out.add(a.base(tls));
      } catch (URISyntaxException e) {
        // MasterAddress.parse refused what is no URI host when the file was read.
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /**
   * Expands a leading {@code ~} element to {@code home}; Section.path has already refused what is
   * no path.
   */
  static Path path(Path p, Path home) {
    if (p.isAbsolute() || p.getNameCount() == 0 || !p.getName(0).toString().equals("~")) {
      return p;
    }
    return p.getNameCount() == 1 ? home : home.resolve(p.subpath(1, p.getNameCount()));
  }

  private static Duration positive(Section s, String key, Duration def) {
    Duration d = s.duration(key, def);
    if (d.isZero() || d.isNegative()) {
      s.error(key, "must be positive");
      return def;
    }
    return d;
  }
}
