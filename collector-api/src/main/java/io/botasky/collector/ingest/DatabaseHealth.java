package io.botasky.collector.ingest;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the database is usable now. Writers and the monitor report what they see; handlers answer
 * 503 at once while it is down instead of queueing work that cannot commit.
 */
public final class DatabaseHealth {
  private final AtomicReference<String> problem = new AtomicReference<>("database not checked yet");

  public boolean ready() {
    return problem.get() == null;
  }

  /** Why the database is unusable, or null when it is fine. */
  public String problem() {
    return problem.get();
  }

  /** Returns true when this call changed the state (for logging transitions only once). */
  public boolean markUp() {
    return problem.getAndSet(null) != null;
  }

  public boolean markDown(String why) {
    return problem.getAndSet(why) == null;
  }

  /**
   * Whether {@code e} means the database (or the way to it) is gone, rather than a bad statement.
   */
  public static boolean isOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException se
          && se.getSQLState() != null
          && se.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A unique key was violated (SQLSTATE class 23): a resent id, found out without looking it up
   * first.
   */
  public static boolean isDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException se
          && se.getSQLState() != null
          && se.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  /** Deadlocks and lock wait timeouts: the same work may well succeed when tried again. */
  public static boolean isRetryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException se
          && se.getSQLState() != null
          && (se.getSQLState().startsWith("40")
              || se.getErrorCode() == 1205
              || se.getErrorCode() == 1213)) {
        return true;
      }
    }
    return false;
  }
}
