package io.botasky.notifier.testing;

import io.botasky.common.db.DbSettings;
import io.botasky.common.testkit.Daemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The notifier tests' pihealthd.conf, and their daemons started through the shared kit ({@link
 * Daemon}, common's test jar).
 */
public final class Daemons {
  private Daemons() {}

  /**
   * Writes {@code dir/pihealthd.conf}: the database of {@code db} (a server URL, or the embedded
   * database under its data_dir when the URL is empty), logs under {@code dir}, then {@code more}.
   */
  public static Path conf(Path dir, DbSettings db, Map<String, String> more) throws IOException {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("master", "pi1");
    keys.put("data_dir", (db.url().isEmpty() ? db.dataDir() : dir.resolve("data")).toString());
    keys.put("db_url", db.url());
    keys.put("db_user", db.url().isEmpty() ? "" : db.user());
    keys.put("db_password", "\"" + (db.url().isEmpty() ? "" : db.password()) + "\"");
    keys.put("escalation_file", "escalation.conf");
    keys.put("PIHealthLog", dir.resolve("pihealthd.log").toString());
    keys.put("notifier_log", dir.resolve("boird.log").toString());
    keys.put("alert_log", dir.resolve("alerts.log").toString());
    keys.putAll(more);
    StringBuilder sb = new StringBuilder();
    keys.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
    Path conf = dir.resolve("pihealthd.conf");
    Files.writeString(conf, sb);
    return conf;
  }

  /**
   * Starts {@code bin/<daemon> -c conf} (and {@code extra}) through the shared kit, output appended
   * to {@code out}.
   */
  public static Process start(String daemon, Path conf, Path out, String... extra)
      throws IOException {
    String[] args = new String[extra.length + 2];
    args[0] = "-c";
    args[1] = conf.toString();
    System.arraycopy(extra, 0, args, 2, extra.length);
    return Daemon.start(out, daemon, args).process();
  }
}
