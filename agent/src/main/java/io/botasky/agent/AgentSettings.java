package io.botasky.agent;

import io.botasky.agent.alert.AlertPolicy;
import io.botasky.agent.inventory.ServiceKeys;
import io.botasky.common.config.Section;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code [agent]} section: who we are, where the collector is, the spool and its limits.
 *
 * @param flushEvery probe rounds kept in memory between two writes of the data file
 * @param logRate log lines forwarded to the collector's log view at most per minute (docs/api.md,
 *     "Log view")
 * @param services what {@code [agent]} sets for every service of the host: the default {@code
 *     group}, and {@code allow_power} (docs/agent.md, "Service inventory")
 */
public record AgentSettings(
    String host,
    String master,
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

  /** The collector's base URL, {@code http(s)://master:port}. */
  public String baseUrl() {
    String h = master.contains(":") && !master.startsWith("[") ? "[" + master + "]" : master;
    return (tls ? "https" : "http") + "://" + h + ":" + port;
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
