package io.botasky.common.net;

import java.util.Optional;

/**
 * Parses an IP address literal, IPv4 or IPv6, as text only: no name is ever looked up (unlike
 * {@code InetAddress.getByName}, which resolves anything that is not a literal). The canonical form
 * is what two hosts reporting the same address must agree on: IPv4 dotted decimal, IPv6 as RFC 5952
 * says (lower case, no leading zeros, the longest run of two or more zero groups as {@code ::},
 * {@code ::ffff:a.b.c.d} for an IPv4-mapped address).
 *
 * <p>Refused: anything else, including leading zeros in IPv4 ({@code 010.0.0.1} means 8.0.0.1 to
 * some parsers), zone ids ({@code fe80::1%eth0}), brackets, prefixes and surrounding spaces.
 */
public final class IpLiteral {
  /** The longest literal accepted (a full IPv6 with an embedded IPv4 is 45 characters). */
  public static final int MAX_LENGTH = 45;

  private IpLiteral() {}

  /** The canonical form of {@code s}, or empty when it is not an IP address literal. */
  public static Optional<String> canonical(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    if (s.indexOf(':') < 0) {
      int[] v4 = ipv4(s);
      return v4 == null
          ? Optional.empty()
          : Optional.of(v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3]);
    }
    int[] groups = ipv6(s);
    return groups == null ? Optional.empty() : Optional.of(format(groups));
  }

  /** Whether {@code s} is an IP address literal. */
  public static boolean isLiteral(String s) {
    return canonical(s).isPresent();
  }

  private static int[] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] out = new int[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }

  /** Eight 16-bit groups, or null. */
  private static int[] ipv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap < 0 ? s : s.substring(0, gap);
    String tail = gap < 0 ? "" : s.substring(gap + 2);
    int[] h = groups(head, gap < 0);
    int[] t = gap < 0 ? new int[0] : groups(tail, true);
    if (h == null || t == null) {
      return null;
    }
    int n = h.length + t.length;
    if (gap < 0 ? n != 8 : n > 7) {
      return null;
    }
    int[] out = new int[8];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(t, 0, out, 8 - t.length, t.length);
    return out;
  }

  /**
   * The groups of one side of {@code ::}; the last may be a dotted IPv4 when {@code last} is true.
   */
  private static int[] groups(String side, boolean last) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int extra = 0;
    int[] v4 = null;
    if (last && parts[parts.length - 1].indexOf('.') >= 0) {
      v4 = ipv4(parts[parts.length - 1]);
      if (v4 == null) {
        return null;
      }
      extra = 1;
    }
    int[] out = new int[parts.length - extra + (v4 == null ? 0 : 2)];
    for (int i = 0; i < parts.length - extra; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        int d = Character.digit(p.charAt(j), 16);
        if (d < 0 || p.charAt(j) > 'f') {
          return null;
        }
        v = v * 16 + d;
      }
      out[i] = v;
    }
    if (v4 != null) {
      out[out.length - 2] = v4[0] << 8 | v4[1];
      out[out.length - 1] = v4[2] << 8 | v4[3];
    }
    return out;
  }

  private static String format(int[] g) {
    if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
      return "::ffff:"
          + (g[6] >> 8)
          + "."
          + (g[6] & 0xff)
          + "."
          + (g[7] >> 8)
          + "."
          + (g[7] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder b = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }
}
