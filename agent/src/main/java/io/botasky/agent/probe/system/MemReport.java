package io.botasky.agent.probe.system;

import java.time.Instant;

/**
 * One memory measurement, bytes and percent.
 *
 * @param dynamicAverage 0.3 × the previous average + 0.7 × this used % (docs/probes/system.md)
 */
public record MemReport(
    Instant at, long total, long available, double usedPercent, double dynamicAverage) {}
