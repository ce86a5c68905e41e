package io.botasky.notifier.store;

import io.botasky.common.alert.AlertEvents;
import io.botasky.common.alert.AlertRow;
import io.botasky.common.alert.ValidEvent;
import io.botasky.common.db.OpenKeys;
import io.botasky.common.db.SqlParams;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Severity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The alert {@code <master> notifier:<channel> channel_failing} the notifier raises when a channel
 * keeps failing, and resolves when it delivers again. It takes the path every alert takes ({@link
 * AlertEvents}: the collector's transition rules, an {@code alert_events} row per change), so there
 * is at most one open per channel and the escalation policy treats it like any other alert. Like an
 * agent, the notifier reports changes only: raising an open alarm or clearing a closed one records
 * nothing.
 */
public final class ChannelAlarms {
  public static final String RESOURCE = "notifier";
  public static final String CHECK = "channel_failing";

  private final String master;
  private final Supplier<String> eventIds;

  /** {@code eventIds} supplies the event ids (UUIDs in production). */
  public ChannelAlarms(String master, Supplier<String> eventIds) {
    this.master = master;
    this.eventIds = eventIds;
  }

  /** Raises the alarm for {@code channel}; true when it was not open yet. */
  public boolean raise(Connection c, String channel, String error, Instant now)
      throws SQLException {
    String summary =
        SqlParams.clip(
            "notifier channel " + channel + " keeps failing; notifications go to the log: " + error,
            512);
    return change(c, channel, AlertState.FIRING, summary, now);
  }

  /** Resolves the alarm of {@code channel} if open; true when it was. */
  public boolean clear(Connection c, String channel, Instant now) throws SQLException {
    return change(
        c, channel, AlertState.RESOLVED, "notifier channel " + channel + " delivers again", now);
  }

  private boolean change(
      Connection c, String channel, AlertState state, String summary, Instant now)
      throws SQLException {
    return change(c, RESOURCE, channel, CHECK, state, summary, now);
  }

  /**
   * Raises or resolves boird's own {@code <master> boird/config/reload_failed} (docs/operations.md,
   * "Reload") by the same path; true when it changed.
   */
  public boolean reloadFailed(Connection c, boolean failed, String summary, Instant now)
      throws SQLException {
    return change(
        c,
        "boird",
        "config",
        "reload_failed",
        failed ? AlertState.FIRING : AlertState.RESOLVED,
        SqlParams.clip(summary, 512),
        now);
  }

  /**
   * Records the event of {@code resource}/{@code instance}/{@code check} going to {@code state}
   * when the alarm is not there yet (open for FIRING, closed for RESOLVED); true when it did.
   */
  private boolean change(
      Connection c,
      String resource,
      String instance,
      String check,
      AlertState state,
      String summary,
      Instant now)
      throws SQLException {
    boolean open = state == AlertState.RESOLVED;
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      AlertRow current =
          AlertEvents.openForUpdate(c, OpenKeys.of(master, resource, instance, check));
      boolean changed = (current != null) == open;
      if (changed) {
        ValidEvent e =
            new ValidEvent(
                eventIds.get(),
                master,
                resource,
                instance,
                check,
                state,
                Severity.WARNING,
                null,
                null,
                summary,
                null,
                now.toEpochMilli());
        AlertEvents.record(c, current, e, e.observedAt());
      }
      c.commit();
      return changed;
    } catch (SQLException ex) {
      try {
        c.rollback();
      } catch (SQLException again) {
        ex.addSuppressed(again);
        throw ex;
      }
      // Another notifier sharing the database opened the same alarm at the same moment: its row
      // stands (the unique open key), and this one has nothing to add.
      if (!open
          && ex.getSQLState() != null
          && (ex.getSQLState().startsWith("23") || ex.getSQLState().startsWith("40"))) {
        return false;
      }
      throw ex;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
