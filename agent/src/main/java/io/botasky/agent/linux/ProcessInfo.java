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
}
