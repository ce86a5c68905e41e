package io.botasky.agent.probe.ping;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one run of iputils' {@code ping -n -q} said, parsed from its exit code, standard output and
 * standard error (docs/probes/ping.md, "What ping prints"). Pure: captured outputs in the tests.
 *
 * @param kind what the run amounts to
 * @param transmitted echo requests sent ({@link Kind#STATS} only, else 0)
 * @param received replies received
 * @param errors ICMP errors received instead of replies ("Destination Host Unreachable")
 * @param rttAvgMs the average round trip, null when nothing came back
 * @param message ping's own words for anything but {@link Kind#STATS}: its first error line
 */
public record PingOutput(
    Kind kind, int transmitted, int received, int errors, Double rttAvgMs, String message) {

  /** How a run ended. */
  public enum Kind {
    /** The summary was printed: packets were sent (some may be lost). */
    STATS,
    /** The host name does not resolve (or the resolver failed). */
    NAME_UNRESOLVED,
    /** No route to the host from here: nothing could be sent. */
    NETWORK_UNREACHABLE,
    /** This process may not open an ICMP socket: a host setup problem, not a network fault. */
    NOT_PERMITTED,
    /** Anything else: ping could not judge (a bad option, an output we do not understand). */
    FAILED
  }

  /** Only the start of what ping printed is looked at: a summary is a few hundred bytes. */
  static final int MAX_CHARS = 64 * 1024;

  private static final Pattern SUMMARY =
      Pattern.compile("(?m)^(\\d{1,9}) packets transmitted, (\\d{1,9}) (?:packets )?received(.*)$");
  private static final Pattern ERRORS = Pattern.compile(", \\+(\\d{1,9}) errors?");

  /** iputils: {@code rtt min/avg/max/mdev}; busybox and the BSDs: {@code round-trip}. */
  private static final Pattern RTT =
      Pattern.compile(
          "(?m)^(?:rtt|round-trip) min/avg/max(?:/(?:mdev|stddev))? = "
              + "([0-9.]{1,20})/([0-9.]{1,20})/([0-9.]{1,20})");

  /** Parses one run. Never throws: output it cannot read is {@link Kind#FAILED}. */
  public static PingOutput parse(int exitCode, String stdout, String stderr) {
    String out = bound(stdout);
    String err = bound(stderr);
    Matcher m = SUMMARY.matcher(out);
    if (m.find()) {
      int tx = Integer.parseInt(m.group(1));
      int rx = Integer.parseInt(m.group(2));
      Matcher e = ERRORS.matcher(m.group(3));
      int errors = e.find() ? Integer.parseInt(e.group(1)) : 0;
      if (tx > 0 && rx <= tx) {
        Double avg = null;
        Matcher r = RTT.matcher(out);
        if (rx > 0 && r.find()) {
          avg = decimal(r.group(2));
        }
        return new PingOutput(Kind.STATS, tx, rx, errors, avg, "");
      }
      // Duplicates can make "received" exceed "transmitted" on a broken network; with no packet
      // sent there is no loss to speak of. Either way not a reading to judge.
      return failed("unexpected summary: " + m.group().strip());
    }
    String text = err.isBlank() ? out : err;
    for (String raw : text.split("\n", 20)) {
      String line = clip(raw.strip());
      Kind k = classify(line.toLowerCase(Locale.ROOT));
      if (k != null) {
        return new PingOutput(k, 0, 0, 0, null, line);
      }
    }
    String first = firstLine(text);
    return failed(first.isEmpty() ? "exited with " + exitCode + " and printed no summary" : first);
  }

  /** The kind an error line of ping names, or null for a line that names none. */
  private static Kind classify(String lower) {
    if (lower.contains("name or service not known")
        || lower.contains("temporary failure in name resolution")
        || lower.contains("no address associated with hostname")
        || lower.contains("name has no usable address")
        || lower.contains("unknown host")) {
      return Kind.NAME_UNRESOLVED;
    }
    if (lower.contains("network is unreachable") || lower.contains("no route to host")) {
      return Kind.NETWORK_UNREACHABLE;
    }
    if (lower.contains("operation not permitted") || lower.contains("permission denied")) {
      return Kind.NOT_PERMITTED;
    }
    return null;
  }

  /** The share of requests that got no reply, in percent. */
  public double lossPct() {
    return transmitted == 0 ? 100.0 : 100.0 * (transmitted - received) / transmitted;
  }

  private static PingOutput failed(String why) {
    return new PingOutput(Kind.FAILED, 0, 0, 0, null, clip(why));
  }

  private static String bound(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s;
  }

  /** The first non-blank line, at most 300 characters. */
  private static String firstLine(String s) {
    for (String l : s.split("\n", 20)) {
      String t = l.strip();
      if (!t.isEmpty()) {
        return clip(t);
      }
    }
    return "";
  }

  private static String clip(String s) {
    return s.length() > 300 ? s.substring(0, 300) : s;
  }

  private static Double decimal(String s) {
    try {
      double d = Double.parseDouble(s);
      return Double.isFinite(d) && d >= 0 ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
