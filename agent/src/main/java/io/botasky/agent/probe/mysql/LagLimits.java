package io.botasky.agent.probe.mysql;

import java.time.Duration;

/** {@code lag_warning} and {@code lag_critical} of a {@code [mysql:NAME]} section. */
public record LagLimits(Duration warning, Duration critical) {}
