package io.botasky.notifier.channel;

import io.botasky.common.text.SafeText;
import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Kind;
import java.util.Locale;

/** One alert in a notification, with the escalation event that put it there. */
public record Item(AlertFacts alert, Kind kind, int epoch, int step, int round, long ledgerId) {

  /** {@code FIRING}, {@code RESOLVED} or {@code FLAPPING}, as the subject and the log line say. */
  public String stateWord() {
    if (kind == Kind.FLAPPING) {
      return "FLAPPING";
    }
    return kind == Kind.RESOLVED ? "RESOLVED" : "FIRING";
  }

  /**
   * A late notice: the notifier learned of the alert only once resolved, and this recipient would
   * have heard of it at {@code step} (docs/notifier.md, "Alerts that arrive resolved"). A recovery
   * notice has step 0.
   */
  public boolean late() {
    return kind == Kind.RESOLVED && step > 0;
  }

  public String severityWord() {
    return alert.severity().wire().toUpperCase(Locale.ROOT);
  }

  /**
   * {@code CRITICAL FIRING pi3 mysql:3306 replication_lag}: the contract's subject without its
   * prefix. One line whatever the alert's fields hold: they come from agents ({@link
   * SafeText#line}).
   */
  public String headline() {
    return severityWord()
        + " "
        + stateWord()
        + " "
        + SafeText.line(alert.host())
        + " "
        + SafeText.line(alert.resourceInstance())
        + " "
        + SafeText.line(alert.check());
  }

  /** The alert's summary as one line, controls escaped: the form every channel shows. */
  public String summaryLine() {
    String s = alert.summary();
    return s == null ? "" : SafeText.line(s);
  }
}
