package io.botasky.agent.linux;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure helpers for block device names: which disk a partition is on, what a mount's device number
 * is.
 */
public final class BlockDevices {
  /**
   * nvme0n1p2, mmcblk0p1, md0p1, loop0p1, nbd0p1: the disk name ends in a digit, so "p" separates.
   */
  private static final Pattern P_PARTITION =
      Pattern.compile(
          "((?:nvme\\d+n\\d+)|(?:mmcblk\\d+)|(?:md\\d+)|(?:loop\\d+)|(?:nbd\\d+))p\\d+");

  /** sda1, vdb2, xvda1, hdc3. */
  private static final Pattern LETTER_PARTITION = Pattern.compile("((?:s|h|v|xv)d[a-z]+)\\d+");

  private BlockDevices() {}

  /**
   * The whole disk holding {@code name} (no {@code /dev/}): {@code mmcblk0p2} → {@code mmcblk0},
   * {@code sda1} → {@code sda}. A name that is no partition (a whole disk, {@code dm-0}, an LVM
   * volume) is its own disk.
   */
  public static String diskOf(String name) {
    Matcher m = P_PARTITION.matcher(name);
    if (m.matches()) {
      return m.group(1);
    }
    m = LETTER_PARTITION.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  /**
   * Mount point → {@code major:minor} from {@code /proc/self/mountinfo} ({@code 22 1 179:2 / /
   * rw,noatime shared:1 - ext4 /dev/root rw}). Malformed lines are skipped: this only names devices
   * the mount table calls {@code /dev/root}.
   */
  public static Map<String, String> devNumbers(String mountinfo) {
    Map<String, String> out = new HashMap<>();
    for (String line : mountinfo.split("\n")) {
      String[] f = line.split(" ");
      if (f.length >= 5 && f[2].matches("\\d+:\\d+")) {
        out.putIfAbsent(MountEntry.unescape(f[4]), f[2]);
      }
    }
    return out;
  }
}
