package io.botasky.agent.probe.system;

import io.botasky.agent.linux.LoadAvg;
import io.botasky.agent.linux.Throttled;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One CPU measurement.
 *
 * @param usage busy share over the sample window, 0–100
 * @param temperature °C, empty when the host exposes no sensor
 * @param throttled the Pi firmware bits, empty off a Pi
 * @param level the word for the temperature in {@code boagent show cpu}: normal, note, warning
 * @param unreadable sensors that exist but could not be read (what = the check), empty when all
 *     could
 */
public record CpuReport(
    Instant at,
    LoadAvg load,
    double usage,
    int cpus,
    Optional<Double> temperature,
    Optional<Throttled> throttled,
    String level,
    List<Unreadable> unreadable) {}
