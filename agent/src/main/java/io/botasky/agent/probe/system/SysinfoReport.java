package io.botasky.agent.probe.system;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The system overview of {@code boagent show sysinfo}; also what the heartbeat carries as {@code
 * sysinfo} (docs/probes/system.md).
 */
public record SysinfoReport(
    Instant at,
    String hostname,
    String os,
    String kernel,
    Duration uptime,
    String uptimePretty,
    double load1,
    double load5,
    double load15,
    long diskTotal,
    double diskUsedPercent,
    long memTotal,
    double memUsedPercent,
    Optional<Double> cpuTemperature,
    String diskLevel,
    String memLevel,
    String cpuLevel) {}
