package io.botasky.notifier.policy;

import java.time.Instant;

/**
 * One escalation event already decided for an alert (a row of {@code notify_plan}).
 *
 * @param epoch the severity rank the step sequence belongs to
 * @param at when it was planned (for a step, when it went out; repeats count from there)
 */
public record PlanRecord(
    int epoch, Kind kind, int step, int round, String policy, Reason reason, Instant at) {}
