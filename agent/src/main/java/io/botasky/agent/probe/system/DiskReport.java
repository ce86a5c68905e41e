package io.botasky.agent.probe.system;

import java.time.Instant;
import java.util.List;

/**
 * Disk space: the sum over real filesystems (the seed's "disk" line) and each filesystem.
 *
 * @param unreadable mounts that could not be measured, as {@code mount<TAB>error}
 */
public record DiskReport(Instant at, Line disk, List<Line> partitions, List<String> unreadable) {

  /** One line: {@code name} is {@code disk} for the sum, else the mount point. */
  public record Line(String name, String device, long total, long free, double usedPercent) {}
}
