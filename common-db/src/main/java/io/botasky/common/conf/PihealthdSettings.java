package io.botasky.common.conf;

import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Section;
import io.botasky.common.db.DbSettings;
import io.botasky.common.log.Secrets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every key of {@code /etc/pihealthd.conf} (docs/config-reference.md), read once by whichever of
 * pihealthd, boird and botasky is starting. All three read all keys, so none warns about another's
 * settings.
 *
 * @param section the parsed file, to report problems found later against a key and its line
 */
public record PihealthdSettings(
    Path file,
    String master,
    int clientPort,
    String bind,
    List<String> hosts,
    Duration hostTimeout,
    Path pihealthLog,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    String redisUrl,
    Path agentTokens,
    String adminToken,
    String readToken,
    Path tlsCert,
    Path tlsKey,
    long maxBody,
    Duration retentionSamples,
    Duration retentionAlerts,
    Duration retentionLogs,
    Duration actionExpiry,
    Path escalationFile,
    String smtpHost,
    int smtpPort,
    String smtpUser,
    String smtpPassword,
    boolean smtpStarttls,
    boolean smtpSsl,
    String mailFrom,
    Path notifierLog,
    Path alertLog,
    Duration pollInterval,
    String publicUrl,
    HttpLimits httpLimits,
    Section section) {

  public static final Path DEFAULT_FILE = Path.of("/etc/pihealthd.conf");

  /** Shortest admin_token and read_token accepted (agent tokens: the same, in AgentTokens). */
  public static final int MIN_TOKEN_LENGTH = 16;

  /** Reads and validates {@code file}; warnings stay in {@code report}, errors throw. */
  public static PihealthdSettings read(Path file, String hostName, ConfigReport report)
      throws ConfigException {
    Section s = ConfFile.read(file, report);
    PihealthdSettings c = from(file, s, hostName);
    s.finish();
    report.throwIfErrors();
    return c;
  }

  /** Builds the settings from an already parsed section (tests use {@code ConfFile.parse}). */
  public static PihealthdSettings from(Path file, Section s, String hostName) {
    String master = s.string("master", hostName);
    if (master.isBlank()) {
      s.error("master", "must not be empty");
    }
    int port = s.intIn("client_port", 8732, 0, 65535);
    String bind = s.string("bind", "0.0.0.0");
    List<String> hosts = s.list("hosts");
    Duration hostTimeout = positive(s, "host_timeout", Duration.ofSeconds(30));
    Path log = s.path("PIHealthLog", "/var/log/pihealthd.log");
    Path dataDir = s.path("data_dir", "/var/lib/botasky");
    String dbUrl = s.string("db_url", "");
    if (!dbUrl.isEmpty()
        && !dbUrl.startsWith("jdbc:mysql://")
        && !dbUrl.startsWith("jdbc:mariadb://")) {
      s.error(
          "db_url",
          "expected jdbc:mysql://host:port/database, or empty for the embedded database, got \""
              + Secrets.mask(dbUrl)
              + "\"");
    }
    String dbUser = s.string("db_user", "");
    String dbPassword = s.string("db_password", "");
    int pool = s.intIn("db_pool_size", 8, 2, 200);
    String redisUrl = s.string("redis_url", "");
    if (!redisUrl.isEmpty()) {
      validateRedisUrl(s, redisUrl);
    }
    Path tokens = optionalPath(s, "agent_tokens");
    String adminToken = s.string("admin_token", "");
    String readToken = s.string("read_token", "");
    Path tlsCert = optionalPath(s, "tls_cert");
    Path tlsKey = optionalPath(s, "tls_key");
    if ((tlsCert == null) != (tlsKey == null)) {
      s.error(
          tlsCert == null ? "tls_key" : "tls_cert", "tls_cert and tls_key must be set together");
    }
    long maxBody = s.size("max_body", 1L << 20);
    if (maxBody < 1024 || maxBody > (256L << 20)) {
      s.error(
          "max_body", "expected a size from 1K to 256M, got \"" + s.string("max_body", "") + "\"");
    }
    Duration retSamples = positive(s, "retention_samples", Duration.ofDays(14));
    Duration retAlerts = positive(s, "retention_alerts", Duration.ofDays(180));
    Duration retLogs = positive(s, "retention_logs", Duration.ofDays(7));
    // A requested action no agent picked up within this long is expired (docs/api.md, "Controlled
    // actions"): a restart asked for during an outage must not run hours later.
    Duration actionExpiry = positive(s, "action_expiry", Duration.ofMinutes(5));
    Path escalation = s.path("escalation_file", "/etc/botasky/escalation.conf");
    String smtpHost = s.string("smtp_host", "localhost");
    int smtpPort = s.intIn("smtp_port", 25, 1, 65535);
    String smtpUser = s.string("smtp_user", "");
    String smtpPassword = s.string("smtp_password", "");
    boolean starttls = s.bool("smtp_starttls", false);
    boolean ssl = s.bool("smtp_ssl", false);
    if (starttls && ssl) {
      s.error(
          "smtp_ssl",
          "smtp_ssl and smtp_starttls exclude each other: SSL from the first byte, or STARTTLS on a"
              + " plain port");
    }
    String mailFrom = s.string("mail_from", "botasky@" + master);
    if (!mailFrom.contains("@")) {
      s.error("mail_from", "expected a mail address, got \"" + mailFrom + "\"");
    }
    Path notifierLog = s.path("notifier_log", "/var/log/boird.log");
    Path alertLog = s.path("alert_log", "/var/log/pihealth/alerts.log");
    Duration poll = positive(s, "poll_interval", Duration.ofSeconds(2));
    String publicUrl = publicUrl(s);
    HttpLimits limits = HttpLimits.read(s, maxBody);
    return new PihealthdSettings(
        file,
        master,
        port,
        bind,
        hosts,
        hostTimeout,
        log,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        pool,
        redisUrl,
        tokens,
        adminToken,
        readToken,
        tlsCert,
        tlsKey,
        maxBody,
        retSamples,
        retAlerts,
        retLogs,
        actionExpiry,
        escalation,
        smtpHost,
        smtpPort,
        smtpUser,
        smtpPassword,
        starttls,
        ssl,
        mailFrom,
        notifierLog,
        alertLog,
        poll,
        publicUrl,
        limits,
        s);
  }

  /**
   * The collector's rules for the tokens it checks (the notifier and the CLI only send the admin
   * token): admin_token and read_token, when set, at least {@link #MIN_TOKEN_LENGTH} characters and
   * different from each other and from every agent token — a shared token would silently give one
   * caller the other's rights. Errors name the key and its line, never the token.
   *
   * @param agentTokenToHost the agent_tokens file, token → host
   */
  public void checkTokens(Map<String, String> agentTokenToHost) {
    checkToken("admin_token", adminToken, agentTokenToHost);
    checkToken("read_token", readToken, agentTokenToHost);
    if (!adminToken.isEmpty() && adminToken.equals(readToken)) {
      section.error("read_token", "must differ from admin_token");
    }
  }

  private void checkToken(String key, String token, Map<String, String> agentTokenToHost) {
    if (token.isEmpty()) {
      return;
    }
    if (token.length() < MIN_TOKEN_LENGTH) {
      section.error(key, "must be at least " + MIN_TOKEN_LENGTH + " characters");
    }
    String host = agentTokenToHost.get(token);
    if (host != null) {
      section.error(
          key,
          "must differ from every agent token (it is the token of host \""
              + host
              + "\" in agent_tokens)");
    }
  }

  /** The database settings these keys describe. */
  public DbSettings db() {
    return new DbSettings(dbUrl, dbUser, dbPassword, dbPoolSize, dataDir, Duration.ofSeconds(3));
  }

  /**
   * Records an error against {@code key} (with its line) found after reading, e.g. an unreadable
   * tls_cert.
   */
  public void error(String key, String message) {
    section.error(key, message);
  }

  public boolean tls() {
    return tlsCert != null;
  }

  private static Duration positive(Section s, String key, Duration def) {
    Duration d = s.duration(key, def);
    if (d.isZero() || d.isNegative()) {
      s.error(key, "must be greater than zero");
      return def;
    }
    return d;
  }

  private static Path optionalPath(Section s, String key) {
    return s.path(key, "");
  }

  /**
   * The collector's address as mail readers reach it, for one-click ack links (docs/notifier.md,
   * "One-click ack"): an http(s) URL with a host and maybe a path (behind a proxy), no query,
   * fragment or user; kept without its trailing slash. Empty: no links.
   */
  private static String publicUrl(Section s) {
    String url = s.string("public_url", "").strip();
    if (url.isEmpty()) {
      return "";
    }
    String expected = "expected http(s)://host[:port][/path], got \"" + Secrets.mask(url) + "\"";
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || u.getHost() == null
          || u.getRawUserInfo() != null
          || u.getRawQuery() != null
          || u.getRawFragment() != null
          || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        s.error("public_url", expected);
        return "";
      }
    } catch (java.net.URISyntaxException e) {
      s.error("public_url", expected);
      return "";
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  private static void validateRedisUrl(Section s, String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("redis") || u.getHost() == null) {
        s.error("redis_url", "expected redis://host:port/db, got \"" + Secrets.mask(url) + "\"");
      }
    } catch (java.net.URISyntaxException e) {
      s.error("redis_url", "expected redis://host:port/db, got \"" + Secrets.mask(url) + "\"");
    }
  }
}
