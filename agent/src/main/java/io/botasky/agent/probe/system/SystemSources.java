package io.botasky.agent.probe.system;

import io.botasky.agent.linux.EtcFs;
import io.botasky.agent.linux.FsStats;
import io.botasky.agent.linux.ProcFs;
import io.botasky.agent.linux.SysFs;
import java.time.Clock;

/**
 * What the system probes read from and how they wait: built once in the wiring, shared read-only.
 */
public record SystemSources(
    ProcFs proc, SysFs sys, EtcFs etc, FsStats fsStats, Clock clock, Sleeper sleeper) {}
