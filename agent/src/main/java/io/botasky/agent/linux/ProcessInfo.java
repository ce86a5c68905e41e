package io.botasky.agent.linux;

import java.util.List;

/**
 * One process with what a human needs to recognise it: the stat fields plus owner and command line.
 * Reading it costs three files per process, so scans use {@link ProcessStat} and ask for this only
 * for the processes they report or match.
 *
 * @param cmdline the arguments; empty for kernel threads and zombies
 * @param uid the real uid, -1 when unknown
 * @param rssBytes resident memory in bytes (VmRSS), 0 for kernel threads
 */
public record ProcessInfo(
    int pid,
    String comm,
    List<String> cmdline,
    int uid,
    char state,
    long ticks,
    long rssBytes,
    long startTicks) {

  /** The command line joined by spaces, or {@code [comm]} as ps shows a kernel thread. */
  public String commandLine() {
    return cmdline.isEmpty() ? "[" + comm + "]" : String.join(" ", cmdline);
  }

  /** Splits {@code /proc/[pid]/cmdline} at its NUL separators. */
  public static List<String> parseCmdline(byte[] raw) {
    List<String> args = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i <= raw.length; i++) {
      if (i == raw.length || raw[i] == 0) {
        if (i > start) {
          args.add(new String(raw, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return List.copyOf(args);
  }

  /** The real uid and VmRSS (bytes) from {@code /proc/[pid]/status}; {-1, 0} when absent. */
  public static long[] parseStatus(String text) {
    long uid = -1;
    long rss = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] f = Numbers.fields(line.substring(4));
        uid = Numbers.whole(f[0], "Uid");
      } else if (line.startsWith("VmRSS:")) {
        String[] f = Numbers.fields(line.substring(6));
        rss = Numbers.whole(f[0], "VmRSS") * 1024;
      }
    }
    return new long[] {uid, rss};
  }

  /**
   * Whether {@code signal} sent to the process of this {@code /proc/[pid]/status} reaches code of
   * its own rather than its default action, which for most signals ends the process: it is caught
   * (SigCgt), ignored (SigIgn) or blocked (SigBlk, as a daemon reading its signals from a signalfd
   * keeps them; keepalived does). A process just exec'd has none of these for its own signals yet.
   */
  public static boolean handlesSignal(String statusText, int signal) {
    if (signal < 1 || signal > 64) {
      throw new IllegalArgumentException("no such signal: " + signal);
    }
    long bit = 1L << (signal - 1);
    for (String line : statusText.split("\n")) {
      if (line.startsWith("SigBlk:") || line.startsWith("SigIgn:") || line.startsWith("SigCgt:")) {
        long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
        if ((mask & bit) != 0) {
          return true;
        }
      }
    }
    return false;
  }
}
