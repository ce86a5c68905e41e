package io.botasky.agent.linux;

/**
 * The cheap part of one process, from {@code /proc/[pid]/stat} alone: what a runaway scan needs for
 * every process every few seconds.
 *
 * @param ticks utime + stime in clock ticks (USER_HZ)
 * @param rssPages resident set size in pages
 * @param startTicks start time after boot in ticks; with pid it tells a reused pid apart
 */
public record ProcessStat(
    int pid, String comm, char state, long ticks, long rssPages, long startTicks) {

  /**
   * Parses {@code 9354 (cat) R 9348 …}. The name may hold spaces and parentheses, so it runs from
   * the first '(' to the last ')'.
   */
  public static ProcessStat parse(String text) {
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open <= 0 || close < open) {
      throw new IllegalArgumentException("no (comm) in \"" + Numbers.abbreviate(text) + "\"");
    }
    long pidValue = Numbers.whole(text.substring(0, open).strip(), "pid");
    if (pidValue < 1 || pidValue > Integer.MAX_VALUE) {
      // pid_max is at most 2^22; a cast would turn 4294967297 into pid 1.
      throw new IllegalArgumentException("pid out of range: " + pidValue);
    }
    int pid = (int) pidValue;
    String comm = text.substring(open + 1, close);
    // f[0] is field 3 (state); utime, stime are fields 14, 15; starttime 22; rss 24: the 28 after
    // it are not split.
    String[] f = Numbers.fields(text.substring(close + 1), 22);
    if (f.length < 22) {
      throw new IllegalArgumentException(
          "pid " + pid + ": expected at least 24 fields, got " + (f.length + 2));
    }
    if (f[0].length() != 1) {
      throw new IllegalArgumentException(
          "pid " + pid + ": bad state \"" + Numbers.abbreviate(f[0]) + "\"");
    }
    long utime = Numbers.whole(f[11], "utime");
    long stime = Numbers.whole(f[12], "stime");
    long start = Numbers.whole(f[19], "starttime");
    long rss = Numbers.whole(f[21], "rss");
    return new ProcessStat(pid, comm, f[0].charAt(0), utime + stime, Math.max(0, rss), start);
  }
}
