package io.botasky.agent.probe.ping;

import io.botasky.agent.probe.OpenCheck;
import io.botasky.agent.probe.OpenCheckFactory;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.common.config.Section;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Makes the probe of a {@code [ping:NAME]} section; validates, never pings. */
public final class PingProbeFactory extends OpenCheckFactory {
  /**
   * A host name (letters, digits, {@code . _ -}, not starting with {@code -} or {@code .}) or an
   * IPv4 address. Anything else would be an option or garbage on ping's command line.
   */
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,252}");

  /** An IPv6 address, optionally with a zone ({@code fe80::1%eth0}). */
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f.]{0,15}){2,8}(%[A-Za-z0-9._-]{1,15})?");

  static final int MAX_COUNT = 100;

  @Override
  public String sectionType() {
    return "ping";
  }

  @Override
  protected Probe create(Section section, ProbeEnv env, OpenCheck common) {
    String name = section.instance();
    if (name == null) {
      section.error(null, "needs a name: [ping:NAME], e.g. [ping:gateway]");
      name = "ping";
    }
    String host = section.required("host");
    if (host != null) {
      host = host.strip();
      if (host.startsWith("-")) {
        section.error("host", "must not start with \"-\" (it would be an option of ping)");
        host = null;
      } else if (!HOST_NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
        section.error(
            "host", "expected a host name or an IP address, got \"" + printable(host) + "\"");
        host = null;
      }
    }
    int count = section.intIn("count", 5, 1, MAX_COUNT);
    Double lossWarning = percent(section, "loss_warning", 20.0);
    Double lossCritical = percent(section, "loss_critical", 60.0);
    if (lossWarning != null && lossCritical != null && lossCritical < lossWarning) {
      section.error("loss_critical", "must not be below loss_warning (" + lossWarning + ")");
    }
    Duration rttWarning = duration(section, "rtt_warning", Duration.ofMillis(100));
    Duration rttCritical = duration(section, "rtt_critical", Duration.ofMillis(500));
    if (rttWarning != null && rttCritical != null && rttCritical.compareTo(rttWarning) < 0) {
      section.error(
          "rtt_critical", "must not be below rtt_warning (" + rttWarning.toMillis() + " ms)");
    }
    PingSettings s =
        new PingSettings(
            host == null ? "invalid" : host,
            count,
            lossWarning,
            lossCritical,
            rttWarning,
            rttCritical,
            common.timeout());
    if (s.longestRun().compareTo(common.timeout()) > 0) {
      // The requests go 0.2 s apart and the last reply is waited for: a round killed by its
      // timeout would say nothing about the host.
      section.error(
          section.has("count") ? "count" : "timeout",
          count
              + " requests need a timeout of at least "
              + (s.longestRun().toMillis() + 999) / 1000
              + " s (0.2 s apart, then "
              + s.waitSeconds()
              + " s for the last reply); the timeout is "
              + common.timeout().toMillis() / 1000.0
              + " s"
              + (section.has("timeout")
                  ? ""
                  : " (the interval: an unwritten timeout is at most that)"));
    }
    return new PingProbe(section.name(), name, s, env.commands());
  }

  /** A percentage 0–100, or {@code off}. */
  private static Double percent(Section section, String key, Double def) {
    Optional<String> v = value(section, key);
    if (v.isEmpty()) {
      return def;
    }
    if (v.get().equals("off")) {
      return null;
    }
    String n = v.get().endsWith("%") ? v.get().substring(0, v.get().length() - 1) : v.get();
    if (n.matches("[0-9]{1,3}(\\.[0-9]{1,6})?") && Double.parseDouble(n) <= 100) {
      return Double.parseDouble(n);
    }
    section.error(key, "expected a percentage 0-100 or \"off\", got \"" + printable(n) + "\"");
    return def;
  }

  /** A duration ({@code 100ms}), or {@code off}. */
  private static Duration duration(Section section, String key, Duration def) {
    Optional<String> v = value(section, key);
    if (v.isPresent() && v.get().equals("off")) {
      return null;
    }
    Duration d = section.duration(key, def);
    if (d.isNegative()) {
      section.error(key, "must not be negative");
      return def;
    }
    return d;
  }

  private static Optional<String> value(Section section, String key) {
    return section.entry(key).map(e -> e.value().strip().toLowerCase(Locale.ROOT));
  }

  private static String printable(String s) {
    return io.botasky.common.text.SafeText.line(s, 80);
  }
}
