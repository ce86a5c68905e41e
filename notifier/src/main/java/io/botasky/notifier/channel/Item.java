package io.botasky.notifier.channel;

import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Kind;
import java.util.Locale;

/** One alert in a notification, with the escalation event that put it there. */
public record Item(AlertFacts alert, Kind kind, int epoch, int step, int round, long ledgerId) {

  /** {@code FIRING} or {@code RESOLVED}, as the subject and the log line say it. */
  public String stateWord() {
    return kind == Kind.RESOLVED ? "RESOLVED" : "FIRING";
  }

  public String severityWord() {
    return alert.severity().wire().toUpperCase(Locale.ROOT);
  }

  /** {@code CRITICAL FIRING pi3 mysql:3306 replication_lag}: the contract's subject without its prefix. */
  public String headline() {
    return severityWord() + " " + stateWord() + " " + alert.host() + " " + alert.resourceInstance() + " " + alert.check();
  }
}
