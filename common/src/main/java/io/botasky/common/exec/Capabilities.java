package io.botasky.common.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capability sets of a process, as the kernel lists them in the {@code Cap*} lines of {@code
 * /proc/PID/status} (hexadecimal bit masks, bit N = capability number N).
 *
 * <p>The agent reads its own once at start: with ambient capabilities (the systemd drop-in for
 * {@code [keepalived]}), the children it starts would inherit them, so {@link ProcessCommandRunner}
 * strips them; the keepalived probe names the ones it lacks.
 *
 * @param ambient passed on to every program exec'd; 0 on kernels before 4.3 (no {@code CapAmb}
 *     line)
 */
public record Capabilities(
    long inheritable, long permitted, long effective, long bounding, long ambient) {

  /** A process with no capability at all. */
  public static final Capabilities NONE = new Capabilities(0, 0, 0, 0, 0);

  /** Names by number, as in linux/capability.h (5.9: 41 of them). */
  private static final List<String> NAMES =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_DAC_READ_SEARCH",
          "CAP_FOWNER",
          "CAP_FSETID",
          "CAP_KILL",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETPCAP",
          "CAP_LINUX_IMMUTABLE",
          "CAP_NET_BIND_SERVICE",
          "CAP_NET_BROADCAST",
          "CAP_NET_ADMIN",
          "CAP_NET_RAW",
          "CAP_IPC_LOCK",
          "CAP_IPC_OWNER",
          "CAP_SYS_MODULE",
          "CAP_SYS_RAWIO",
          "CAP_SYS_CHROOT",
          "CAP_SYS_PTRACE",
          "CAP_SYS_PACCT",
          "CAP_SYS_ADMIN",
          "CAP_SYS_BOOT",
          "CAP_SYS_NICE",
          "CAP_SYS_RESOURCE",
          "CAP_SYS_TIME",
          "CAP_SYS_TTY_CONFIG",
          "CAP_MKNOD",
          "CAP_LEASE",
          "CAP_AUDIT_WRITE",
          "CAP_AUDIT_CONTROL",
          "CAP_SETFCAP",
          "CAP_MAC_OVERRIDE",
          "CAP_MAC_ADMIN",
          "CAP_SYSLOG",
          "CAP_WAKE_ALARM",
          "CAP_BLOCK_SUSPEND",
          "CAP_AUDIT_READ",
          "CAP_PERFMON",
          "CAP_BPF",
          "CAP_CHECKPOINT_RESTORE");

  /** A status file is a few KB; anything past this is not one. */
  private static final int MAX_STATUS_BYTES = 64 * 1024;

  /**
   * Parses the text of a {@code /proc/PID/status} file. Pure. A missing {@code Cap*} line counts as
   * an empty set (old kernels have no {@code CapAmb}).
   *
   * @throws IllegalArgumentException when a {@code Cap*} line is not a hexadecimal mask
   */
  public static Capabilities parse(String status) {
    long inh = 0;
    long prm = 0;
    long eff = 0;
    long bnd = 0;
    long amb = 0;
    for (String line : status.split("\n", -1)) {
      int colon = line.indexOf(':');
      if (!line.startsWith("Cap") || colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "CapInh" -> inh = mask(key, value);
        case "CapPrm" -> prm = mask(key, value);
        case "CapEff" -> eff = mask(key, value);
        case "CapBnd" -> bnd = mask(key, value);
        case "CapAmb" -> amb = mask(key, value);
        default -> {} // a future Cap* line: not ours to judge
      }
    }
    return new Capabilities(inh, prm, eff, bnd, amb);
  }

  /** Reads and parses {@code statusFile} ({@code /proc/self/status} for this JVM), bounded. */
  public static Capabilities read(Path statusFile) throws IOException {
    try (InputStream in = Files.newInputStream(statusFile)) {
      // /proc files report a size of 0: read up to a cap instead of trusting it.
      byte[] bytes = in.readNBytes(MAX_STATUS_BYTES);
      try {
        return parse(new String(bytes, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IOException(statusFile + ": " + e.getMessage(), e);
      }
    }
  }

  private static long mask(String key, String value) {
    if (value.isEmpty() || value.length() > 16 || !value.matches("[0-9a-fA-F]+")) {
      throw new IllegalArgumentException(
          key + ": expected a hexadecimal mask of up to 16 digits, got \"" + value + "\"");
    }
    return Long.parseUnsignedLong(value, 16);
  }

  /** The number of a capability named like {@code CAP_KILL} or {@code kill}; -1 when unknown. */
  public static int number(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return NAMES.indexOf(n.startsWith("CAP_") ? n : "CAP_" + n);
  }

  /**
   * The names of the bits set in {@code mask}, lowest first ({@code cap_41} for one past the
   * table).
   */
  public static List<String> names(long mask) {
    List<String> out = new ArrayList<>();
    for (int bit = 0; bit < 64; bit++) {
      if ((mask & (1L << bit)) != 0) {
        out.add(bit < NAMES.size() ? NAMES.get(bit) : "cap_" + bit);
      }
    }
    return out;
  }

  /**
   * Whether {@code name} ({@code CAP_KILL}) is in the effective set: what the process may do now.
   */
  public boolean hasEffective(String name) {
    int n = number(name);
    return n >= 0 && (effective & (1L << n)) != 0;
  }

  /** Whether {@code name} is in the ambient set: what every exec'd child gets too. */
  public boolean hasAmbient(String name) {
    int n = number(name);
    return n >= 0 && (ambient & (1L << n)) != 0;
  }

  /** True when programs this process starts would inherit capabilities through the ambient set. */
  public boolean passesOnAmbient() {
    return ambient != 0;
  }
}
