package io.botasky.agent.probe.system;

import java.time.Instant;
import java.util.List;

/**
 * Disk space: the sum over real filesystems (sysinfo's disk figures), each disk (flag-0 lines of
 * {@code boagent show disk}) and each filesystem (flag 1).
 *
 * @param disks one line per disk, summing its mounted filesystems: named {@code disk} when the host
 *     has one disk, {@code disk:<name>} ({@code disk:mmcblk0}, {@code disk:sda}) when it has
 *     several
 * @param unreadable mounts that could not be measured (what = the mount point)
 */
public record DiskReport(
    Instant at, Line disk, List<Line> disks, List<Line> partitions, List<Unreadable> unreadable) {

  /** One line: {@code name} is {@code disk} for the sum, else the mount point. */
  public record Line(String name, String device, long total, long free, double usedPercent) {}
}
