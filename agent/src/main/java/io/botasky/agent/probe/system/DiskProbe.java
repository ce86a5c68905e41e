package io.botasky.agent.probe.system;

import io.botasky.agent.linux.FsSpace;
import io.botasky.agent.linux.MountEntry;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Space of every mounted real filesystem, and their sum as the seed's whole-"disk" line. */
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
    List<String> unreadable = new ArrayList<>();
    long total = 0;
    long free = 0;
    long used = 0;
    long avail = 0;
    for (MountEntry m : MountEntry.realFilesystems(src.proc().mounts())) {
      FsSpace s;
      try {
        s = src.fsStats().space(m.mountPoint());
      } catch (IOException e) {
        unreadable.add(m.mountPoint() + "\t" + ProbeException.describe(e));
        continue;
      } catch (SecurityException e) {
        unreadable.add(m.mountPoint() + "\t" + e);
        continue;
      }
      if (s.total() <= 0) {
        continue;
      }
      parts.add(new DiskReport.Line(m.mountPoint(), m.device(), s.total(), s.available(), s.usedPercent()));
      total += s.total();
      free += s.available();
      used += s.total() - s.free();
      avail += s.available();
    }
    double pct = used + avail <= 0 ? 0.0 : 100.0 * used / (used + avail);
    return new DiskReport(src.clock().instant(), new DiskReport.Line("disk", "", total, free, pct), parts, unreadable);
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
      CheckOutcome o = CpuProbe.threshold("disk_usage", CpuProbe.round1(l.usedPercent()), cfg.diskUsage(), "%",
          l.name() + " used");
      sink.outcome(new CheckOutcome(o.resource(), l.name(), o.check(), o.severity(), o.value(), o.threshold(),
          o.summary(), Map.of("device", l.device(), "free_bytes", l.free(), "total_bytes", l.total())));
    }
    for (String u : r.unreadable()) {
      // The agent runs unprivileged: a mount it may not stat is said, at the lowest severity.
      String[] mountAndError = u.split("\t", 2);
      sink.outcome(new CheckOutcome("system", mountAndError[0], "disk_usage", Severity.INFO, null, null,
          "cannot read the space of " + mountAndError[0] + ": " + mountAndError[1], Map.of("error", mountAndError[1])));
    }
  }
}
