package io.botasky.common.db;

import io.botasky.common.log.Secrets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach the database: {@code db_url}, credentials and pool size from pihealthd.conf. An
 * empty URL means the embedded H2 database under {@code dataDir}.
 */
public record DbSettings(
    String url, String user, String password, int poolSize, Path dataDir, Duration connectTimeout) {

  /** The JDBC URL actually used: the configured one, or the embedded database's. */
  public String effectiveUrl() {
    if (url != null && !url.isBlank()) {
      return url;
    }
    // AUTO_SERVER lets boird (a second process) share the file through a server H2 starts on a
    // random port; h2.bindAddress (set by DataSources) keeps that server on loopback, and the
    // password EmbeddedH2 keeps in data_dir/db.password keeps other local users out of it.
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("botasky")
        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE";
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  public Dialect dialect() {
    return Dialect.of(effectiveUrl());
  }

  /** Never the password: {@code ***} when one is set. */
  @Override
  public String toString() {
    return "DbSettings[url="
        + describe()
        + ", user="
        + user
        + ", password="
        + (password == null || password.isEmpty() ? "" : "***")
        + ", poolSize="
        + poolSize
        + ", dataDir="
        + dataDir
        + ", connectTimeout="
        + connectTimeout
        + "]";
  }

  /** The URL without credentials or options, fit for a log line. */
  public String describe() {
    if (embedded()) {
      return "embedded H2 at " + dataDir.toAbsolutePath().resolve("botasky.mv.db");
    }
    int q = url.indexOf('?');
    // Masked too: a password may sit in the user information or a multi-host address.
    return Secrets.mask(q < 0 ? url : url.substring(0, q));
  }
}
