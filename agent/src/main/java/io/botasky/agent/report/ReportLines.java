package io.botasky.agent.report;

import io.botasky.agent.probe.system.CpuReport;
import io.botasky.agent.probe.system.DiskReport;
import io.botasky.agent.probe.system.MemReport;
import io.botasky.agent.probe.system.ProcsReport;
import io.botasky.agent.probe.system.SysinfoReport;
import io.botasky.agent.probe.system.UsersReport;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report lines of {@code boagent show …} (docs/probes/system.md, "boagent show lines"), pure
 * functions of a report and a time zone. Fields are separated by one space; a field that could hold
 * spaces (OS name, uptime) has them replaced by {@code _}, so every line splits on spaces like the
 * original scripts' output. Sizes are MiB with an {@code M} suffix, shares one decimal with {@code
 * %}.
 */
public final class ReportLines {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'__'HH:mm:ss", Locale.ROOT);
  private static final String NA = "n/a";

  private ReportLines() {}

  /** {@code YYYY-MM-DD__HH:MM:SS} in local time. */
  public static String time(Instant t, ZoneId zone) {
    return TIME.format(t.atZone(zone));
  }

  /** {@code 2018-01-12__15:00:28 1023M 200M 80.4% 60.8%}. */
  public static String mem(MemReport r, ZoneId zone) {
    return String.join(
        " ",
        time(r.at(), zone),
        mib(r.total()),
        mib(r.available()),
        pct(r.usedPercent()),
        pct(r.dynamicAverage()));
  }

  /**
   * {@code time load1 load5 load15 usage% temp°C level}; the temperature is {@code n/a} without a
   * sensor.
   */
  public static String cpu(CpuReport r, ZoneId zone) {
    return String.join(
        " ",
        time(r.at(), zone),
        load(r.load().load1()),
        load(r.load().load5()),
        load(r.load().load15()),
        pct(r.usage()),
        r.temperature().map(ReportLines::celsius).orElse(NA),
        r.level());
  }

  /**
   * One line per disk (flag 0, name {@code disk}, or {@code disk:<name>} on a host with several)
   * and one per filesystem (flag 1, mount point).
   */
  public static List<String> disk(DiskReport r, ZoneId zone) {
    List<String> out = new ArrayList<>();
    for (DiskReport.Line l : r.disks()) {
      out.add(diskLine(r, zone, 0, l));
    }
    for (DiskReport.Line l : r.partitions()) {
      out.add(diskLine(r, zone, 1, l));
    }
    return out;
  }

  private static String diskLine(DiskReport r, ZoneId zone, int flag, DiskReport.Line l) {
    return String.join(
        " ",
        time(r.at(), zone),
        Integer.toString(flag),
        words(l.name()),
        mib(l.total()),
        mib(l.free()),
        pct(l.usedPercent()));
  }

  /**
   * {@code time hostname OS kernel uptime load disk_total disk_used% mem_total mem_used% temp
   * disk_level mem_level cpu_level}; load as {@code 0.52,0.58,0.59}.
   */
  public static String sysinfo(SysinfoReport r, ZoneId zone) {
    return String.join(
        " ",
        time(r.at(), zone),
        r.hostname(),
        words(r.os()),
        r.kernel(),
        r.uptimePretty(),
        load(r.load1()) + "," + load(r.load5()) + "," + load(r.load15()),
        mib(r.diskTotal()),
        pct(r.diskUsedPercent()),
        mib(r.memTotal()),
        pct(r.memUsedPercent()),
        r.cpuTemperature().map(ReportLines::celsius).orElse(NA),
        r.diskLevel(),
        r.memLevel(),
        r.cpuLevel());
  }

  /** {@code time count [recent,…] [root,…] [user_IP_TTY,…]}. */
  public static String users(UsersReport r, ZoneId zone) {
    return String.join(
        " ",
        time(r.at(), zone),
        Integer.toString(r.humans()),
        list(r.recent()),
        list(r.rootUsers()),
        list(r.online()));
  }

  /** One line per runaway process: {@code time pid name user cpu% mem%}; none = no lines. */
  public static List<String> procs(ProcsReport r, ZoneId zone) {
    List<String> out = new ArrayList<>();
    for (ProcsReport.Runaway p : r.runaways()) {
      out.add(
          String.join(
              " ",
              time(r.at(), zone),
              Integer.toString(p.pid()),
              words(p.name()),
              p.user(),
              pct(p.cpu()),
              pct(p.mem())));
    }
    return out;
  }

  static String mib(long bytes) {
    return Math.round(bytes / 1048576.0) + "M";
  }

  static String pct(double d) {
    return String.format(Locale.ROOT, "%.1f%%", d);
  }

  static String load(double d) {
    return String.format(Locale.ROOT, "%.2f", d);
  }

  static String celsius(double d) {
    return String.format(Locale.ROOT, "%.1f°C", d);
  }

  static String list(List<String> items) {
    return "[" + String.join(",", items.stream().map(ReportLines::words).toList()) + "]";
  }

  /** Spaces would split a field: words are joined with {@code _}, as the original scripts did. */
  static String words(String s) {
    return s.strip().replaceAll("\\s+", "_");
  }
}
