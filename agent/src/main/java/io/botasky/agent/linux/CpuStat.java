package io.botasky.agent.linux;

/**
 * The aggregate {@code cpu} line of {@code /proc/stat} and the number of {@code cpuN} lines.
 *
 * @param total all jiffies (user .. steal; guest time is already inside user and nice)
 * @param idle idle + iowait jiffies
 */
public record CpuStat(long total, long idle, int cpus) {

  public static CpuStat parse(String text) {
    long total = -1;
    long idle = 0;
    int cpus = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = Numbers.fields(line.substring(4));
        if (f.length < 4) {
          throw new IllegalArgumentException(
              "cpu line: expected at least 4 counters, got " + f.length);
        }
        total = 0;
        // Fields 9 and 10 (guest, guest_nice) are already counted in user and nice.
        for (int i = 0; i < Math.min(f.length, 8); i++) {
          total += Numbers.whole(f[i], "cpu field " + (i + 1));
        }
        idle =
            Numbers.whole(f[3], "cpu idle")
                + (f.length > 4 ? Numbers.whole(f[4], "cpu iowait") : 0);
      } else if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
        cpus++;
      }
    }
    if (total < 0) {
      throw new IllegalArgumentException("no aggregate \"cpu\" line");
    }
    return new CpuStat(total, idle, Math.max(1, cpus));
  }

  /** Busy share between {@code before} and this reading, 0–100; 0 when no time passed. */
  public double usagePercentSince(CpuStat before) {
    long dt = total - before.total;
    long di = idle - before.idle;
    if (dt <= 0) {
      return 0.0;
    }
    return Math.max(0.0, Math.min(100.0, 100.0 * (dt - di) / dt));
  }
}
