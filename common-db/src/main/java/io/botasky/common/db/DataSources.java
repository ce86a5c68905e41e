package io.botasky.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;

/** Builds the HikariCP pool for either engine. Never fails because the database is down. */
public final class DataSources {
  private DataSources() {}

  /**
   * Opens a pool named {@code poolName}. The pool starts even when the database is unreachable
   * ({@code initializationFailTimeout = -1}); callers learn of the outage from {@code
   * getConnection}.
   */
  public static HikariDataSource open(DbSettings s, String poolName) throws IOException {
    HikariConfig c = new HikariConfig();
    c.setPoolName(poolName);
    c.setMaximumPoolSize(s.poolSize());
    c.setMinimumIdle(Math.min(2, s.poolSize()));
    c.setConnectionTimeout(Math.max(250, s.connectTimeout().toMillis()));
    c.setValidationTimeout(Math.max(250, Math.min(s.connectTimeout().toMillis(), 5000)));
    c.setInitializationFailTimeout(-1);
    // READ COMMITTED: ingest looks up absent keys (new alerts) under FOR UPDATE; REPEATABLE READ
    // would take gap locks there, and two writers inserting into one gap deadlock.
    c.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    if (s.embedded()) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
      c.setDataSource(
          new PrivateH2DataSource(
              s.effectiveUrl(),
              EmbeddedH2.user(s),
              EmbeddedH2.prepare(s),
              s.dataDir().toAbsolutePath()));
    } else {
      c.setJdbcUrl(s.effectiveUrl());
      c.setUsername(s.user());
      c.setPassword(s.password());
      c.addDataSourceProperty("rewriteBatchedStatements", "true");
      c.addDataSourceProperty("cachePrepStmts", "true");
      c.addDataSourceProperty("prepStmtCacheSize", "250");
      c.addDataSourceProperty("prepStmtCacheSqlLimit", "4096");
      c.addDataSourceProperty("useServerPrepStmts", "false");
      // Skips the round trips that would only re-send autocommit and isolation the driver already
      // knows.
      // Not useLocalTransactionState: after an error inside a multi-statement it believes no
      // transaction is open and skips ROLLBACK, so the statements before the error get committed
      // later (seen in a test: a resent event refreshed its alert twice).
      c.addDataSourceProperty("useLocalSessionState", "true");
      // The collector sends a transaction's writes as one multi-statement (SqlScript). Every value
      // is
      // a bound parameter, so this widens nothing for injection.
      c.addDataSourceProperty("allowMultiQueries", "true");
      c.addDataSourceProperty("characterEncoding", "UTF-8");
      c.addDataSourceProperty("connectionCollation", "utf8mb4_bin");
      c.addDataSourceProperty("connectTimeout", String.valueOf(s.connectTimeout().toMillis()));
      // A query never legitimately takes this long; past it, the connection is dead, not slow.
      c.addDataSourceProperty("socketTimeout", "60000");
      c.addDataSourceProperty("tcpKeepAlive", "true");
      // A multi-host db_url (Galera, docs/operations.md "The database: Galera"): a connection that
      // failed over to another node must stay writable; Connector/J would make it read-only.
      c.addDataSourceProperty("failOverReadOnly", "false");
    }
    return new HikariDataSource(c);
  }
}
