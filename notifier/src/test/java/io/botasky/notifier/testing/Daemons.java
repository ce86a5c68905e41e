package io.botasky.notifier.testing;

import io.botasky.common.db.DbSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the real daemons through the bin/ launchers of this checkout, with a pihealthd.conf written
 * here.
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

  /** Starts {@code bin/<daemon> -c conf}, output appended to {@code out}. */
  public static Process start(Path repoRoot, String daemon, Path conf, Path out)
      throws IOException {
    return new ProcessBuilder(
            repoRoot.resolve("bin").resolve(daemon).toString(), "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .start();
  }

  /** The repository root when tests run in notifier/. */
  public static Path repoRoot() {
    return Path.of("..").toAbsolutePath().normalize();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
