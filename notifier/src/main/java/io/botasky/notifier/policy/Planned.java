package io.botasky.notifier.policy;

/** An escalation event {@link Escalator#decide} wants to happen now, with who hears of it. */
public record Planned(
    int epoch, Kind kind, int step, int round, Reason reason, Recipients recipients) {}
