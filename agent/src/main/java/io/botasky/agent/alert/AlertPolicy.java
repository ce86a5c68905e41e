package io.botasky.agent.alert;

import java.time.Duration;

/**
 * How outcomes become alerts.
 *
 * @param debounceMetric failures in a row before a metric threshold check fires (default 2)
 * @param debounceDown failures in a row before a down check fires (default 1)
 * @param hysteresisPercent a metric resolves (or steps down) only below its threshold minus this
 *     share of it: with 5 and a 90 % threshold, below 85.5 %
 * @param resendEvery how often a firing alert is sent again while it lasts
 */
public record AlertPolicy(
    int debounceMetric, int debounceDown, double hysteresisPercent, Duration resendEvery) {
  public static final AlertPolicy DEFAULT = new AlertPolicy(2, 1, 5.0, Duration.ofMinutes(5));
}
