package io.botasky.agent.probe.system;

import io.botasky.agent.linux.BlockDevices;
import io.botasky.agent.linux.FsSpace;
import io.botasky.agent.linux.MountEntry;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Space of every mounted real filesystem, summed per disk (the flag-0 lines of {@code boagent show
 * disk}, docs/probes/system.md) and over all.
 */
public final class DiskProbe implements Probe {
  private final SystemSources src;
  private final SystemSettings cfg;

  public DiskProbe(SystemSources src, SystemSettings cfg) {
    this.src = src;
    this.cfg = cfg;
  }

  @Override
  public String id() {
    return "system/disk";
  }

  /**
   * Reads the mounts and statvfs of each. A mount we may not stat (another user's, a dead NFS
   * server) is listed in {@code unreadable}, not a failure of the whole round.
   */
  public DiskReport measure() throws IOException {
    List<DiskReport.Line> parts = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    long total = 0;
    long free = 0;
    long used = 0;
    long avail = 0;
    Map<String, long[]> perDisk = new LinkedHashMap<>();
    for (MountEntry m : MountEntry.realFilesystems(src.proc().mounts())) {
      FsSpace s;
      try {
        s = src.fsStats().space(m.mountPoint());
      } catch (IOException e) {
        unreadable.add(new Unreadable(m.mountPoint(), ProbeException.describe(e)));
        continue;
      } catch (SecurityException e) {
        unreadable.add(new Unreadable(m.mountPoint(), e.toString()));
        continue;
      }
      if (s.total() <= 0) {
        continue;
      }
      parts.add(
          new DiskReport.Line(
              m.mountPoint(), m.device(), s.total(), s.available(), s.usedPercent()));
      total += s.total();
      free += s.available();
      used += s.total() - s.free();
      avail += s.available();
      long[] d = perDisk.computeIfAbsent(diskOf(m), k -> new long[3]);
      d[0] += s.total();
      d[1] += s.total() - s.free();
      d[2] += s.available();
    }
    List<DiskReport.Line> disks = new ArrayList<>();
    perDisk.forEach(
        (name, d) ->
            disks.add(
                new DiskReport.Line(
                    perDisk.size() == 1 ? "disk" : "disk:" + name,
                    name,
                    d[0],
                    d[2],
                    usedPercent(d[1], d[2]))));
    return new DiskReport(
        src.clock().instant(),
        new DiskReport.Line("disk", "", total, free, usedPercent(used, avail)),
        disks,
        parts,
        unreadable);
  }

  /** Like df: used over what users could have (reserved blocks left out). */
  private static double usedPercent(long used, long avail) {
    return used + avail <= 0 ? 0.0 : 100.0 * used / (used + avail);
  }

  /**
   * The disk a mounted device is on. Raspberry Pi OS mounts the root filesystem as {@code
   * /dev/root}, a name no partition has: its device number (mountinfo) names it in sysfs.
   */
  private String diskOf(MountEntry m) {
    String name = m.device().substring("/dev/".length());
    if (name.equals("root")) {
      try {
        String majMin = src.proc().mountDevNumbers().get(m.mountPoint());
        if (majMin != null) {
          name = src.sys().blockDeviceName(majMin).orElse(name);
        }
      } catch (IOException e) {
        // Unnamed, it is still a disk of its own: its space is counted either way.
      }
    }
    return BlockDevices.diskOf(name);
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    DiskReport r;
    try {
      r = measure();
    } catch (IOException e) {
      throw ProbeException.reading("disk", e);
    }
    for (DiskReport.Line l : r.partitions()) {
      Map<String, String> labels = Map.of("mount", l.name(), "device", l.device());
      sink.sample("disk.total_bytes", l.total(), labels);
      sink.sample("disk.free_bytes", l.free(), labels);
      sink.sample("disk.used_percent", CpuProbe.round1(l.usedPercent()), labels);
      CheckOutcome o =
          CpuProbe.threshold(
              "disk_usage",
              CpuProbe.round1(l.usedPercent()),
              cfg.diskUsage(),
              "%",
              l.name() + " used");
      sink.outcome(
          new CheckOutcome(
              o.resource(),
              l.name(),
              o.check(),
              o.severity(),
              o.value(),
              o.threshold(),
              o.summary(),
              Map.of("device", l.device(), "free_bytes", l.free(), "total_bytes", l.total())));
    }
    for (Unreadable u : r.unreadable()) {
      // The agent runs unprivileged: a mount it may not stat is said, at the lowest severity.
      sink.outcome(
          new CheckOutcome(
              "system",
              u.what(),
              "disk_usage",
              Severity.INFO,
              null,
              null,
              "cannot read the space of " + u.what() + ": " + u.reason(),
              Map.of("error", u.reason())));
    }
  }
}
