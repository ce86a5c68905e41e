package io.botasky.agent.linux;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One line of {@code /proc/mounts}. */
public record MountEntry(String device, String mountPoint, String fsType) {

  /**
   * Parses every well-formed line; a line with fewer than 3 fields is garbage and fails the parse.
   */
  public static List<MountEntry> parse(String text) {
    List<MountEntry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = Numbers.fields(line);
      if (f.length < 3) {
        throw new IllegalArgumentException(
            "mount line with " + f.length + " fields: \"" + Numbers.abbreviate(line) + "\"");
      }
      out.add(new MountEntry(unescape(f[0]), unescape(f[1]), f[2]));
    }
    return out;
  }

  /**
   * The mounts that hold data on a real device, once per device (bind mounts and btrfs subvolumes
   * repeat a device): what {@code df} lists. Loop devices are squashfs snaps and images, not disks.
   */
  public static List<MountEntry> realFilesystems(List<MountEntry> all) {
    Set<String> seen = new HashSet<>();
    List<MountEntry> out = new ArrayList<>();
    for (MountEntry m : all) {
      if (m.device.startsWith("/dev/")
          && !m.device.startsWith("/dev/loop")
          && !m.fsType.equals("squashfs")
          && seen.add(m.device)) {
        out.add(m);
      }
    }
    return out;
  }

  /** The kernel writes space, tab, newline and backslash in octal (\040). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
