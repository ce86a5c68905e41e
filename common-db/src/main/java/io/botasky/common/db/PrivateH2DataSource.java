package io.botasky.common.db;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.LoggerFactory;

/**
 * The embedded database for the pool: H2's data source, with the database files set 0600 after
 * every physical connection. H2 (re)creates the lock file, which holds the AUTO_SERVER port and
 * key, with the process umask whenever it opens the database, which happens only on a new
 * connection; a pool makes those rarely, so the check costs nothing.
 */
final class PrivateH2DataSource implements DataSource {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(EmbeddedH2.class);
  private final JdbcDataSource h2 = new JdbcDataSource();
  private final Path dir;

  PrivateH2DataSource(String url, String user, String password, Path dir) {
    h2.setURL(url);
    h2.setUser(user);
    h2.setPassword(password);
    this.dir = dir;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = h2.getConnection();
    try {
      EmbeddedH2.secureFiles(dir);
    } catch (IOException | UncheckedIOException e) {
      // Not a reason to refuse the database: the 0700 directory is the fence, the file modes a
      // second one.
      log.warn(
          "embedded database: cannot set the files in {} to rw-------: {}", dir, e.getMessage());
    }
    return c;
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the embedded database's credentials are fixed");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return h2.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    h2.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    h2.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return h2.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return h2.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return h2.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || h2.isWrapperFor(iface);
  }
}
