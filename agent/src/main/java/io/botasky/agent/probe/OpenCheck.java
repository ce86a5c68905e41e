package io.botasky.agent.probe;

import io.botasky.common.config.Section;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The keys every open-check section ({@code [command:*]}, {@code [http:*]}, {@code [tcp:*]}, {@code
 * [ping:*]}, {@code [network]}, {@code [logfile:*]}) shares: {@code interval} (default 1 min),
 * {@code timeout} (default 10 s, at most the interval) and {@code group}, the service's place in
 * the tree (docs/config-reference.md, "Open checks").
 *
 * @param group a path like {@code dev/cache}, or empty when the section names none
 */
public record OpenCheck(Duration interval, Duration timeout, String group) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Names separated by {@code /}: letters, digits, {@code . _ -}; no empty name. */
  private static final Pattern GROUP =
      Pattern.compile("[A-Za-z0-9._-]{1,64}(/[A-Za-z0-9._-]{1,64}){0,7}");

  /** The time a round may take beyond its own timeout before the runner gives up on it. */
  static final Duration GRACE = Duration.ofSeconds(2);

  /** Reads the shared keys; problems go to the section's report. */
  public static OpenCheck read(Section s) {
    Duration interval = s.duration("interval", DEFAULT_INTERVAL);
    if (interval.isZero() || interval.isNegative()) {
      s.error("interval", "must be positive");
      interval = DEFAULT_INTERVAL;
    }
    Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      s.error("timeout", "must be positive");
      timeout = DEFAULT_TIMEOUT;
    }
    if (timeout.compareTo(interval) > 0) {
      // A check still running when its next round is due would pile rounds up behind it. The
      // default timeout simply shrinks with a short interval; a written one is a mistake.
      if (s.has("timeout")) {
        s.error("timeout", "must not be longer than the interval (" + interval.toMillis() + " ms)");
      }
      timeout = interval;
    }
    String group = s.string("group", "").strip();
    if (!group.isEmpty() && !GROUP.matcher(group).matches()) {
      s.error(
          "group", "expected names separated by \"/\" (letters, digits, . _ -), like dev/cache");
      group = "";
    }
    return new OpenCheck(interval, timeout, group);
  }

  /** {@code probe} run every interval; the runner gives up on a round 2 s after its timeout. */
  public ScheduledProbe schedule(Probe probe) {
    return new ScheduledProbe(probe.id(), probe, interval, timeout.plus(GRACE));
  }
}
