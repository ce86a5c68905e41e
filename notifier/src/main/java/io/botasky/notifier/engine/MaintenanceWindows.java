package io.botasky.notifier.engine;

import io.botasky.notifier.policy.Escalation;
import io.botasky.notifier.policy.MaintenanceWindow;
import io.botasky.notifier.store.MaintenanceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance windows the planner applies (docs/notifier.md, "Maintenance windows"): the
 * escalation file's and the API's. Publishes the file's to {@code maintenance_file} once per
 * escalation file (start, reload), so the collector lists them.
 */
final class MaintenanceWindows {
  private static final Logger log = LoggerFactory.getLogger("plan");

  private final MaintenanceStore store = new MaintenanceStore();
  private final String instance;
  // Only the plan loop's thread uses it.
  private Escalation published;

  MaintenanceWindows(String instance) {
    this.instance = instance;
  }

  /** Publishes the file's windows when {@code escalation} is new (start, reload). */
  void publish(Connection c, Escalation escalation, Instant now) {
    if (published != escalation) {
      try {
        store.publish(c, escalation.maintenance(), instance, now);
        published = escalation;
        log.info(
            "maintenance: published {} window(s) of the escalation file",
            escalation.maintenance().size());
      } catch (SQLException e) {
        // Only the collector's listing depends on it; the next pass tries again.
        log.warn("maintenance: publishing the file's windows failed: {}", e.getMessage());
      }
    }
  }

  /** The file's windows and the API's. */
  List<MaintenanceWindow> all(Connection c, Escalation escalation, Instant now)
      throws SQLException {
    List<MaintenanceWindow> out = new ArrayList<>(escalation.maintenance());
    out.addAll(store.fromApi(c, now));
    return out;
  }
}
