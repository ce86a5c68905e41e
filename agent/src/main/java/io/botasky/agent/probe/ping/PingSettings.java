package io.botasky.agent.probe.ping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code [ping:NAME]} section, validated (docs/probes/ping.md).
 *
 * @param host a host name or an IPv4/IPv6 address; never starts with {@code -}
 * @param count echo requests per round
 * @param lossWarning percent of lost requests that is a warning; null = off
 * @param lossCritical percent that is critical; null = off
 * @param rttWarning average round trip that is a warning; null = off
 * @param rttCritical average round trip that is critical; null = off
 * @param timeout the section's timeout: ping is killed after it
 */
public record PingSettings(
    String host,
    int count,
    Double lossWarning,
    Double lossCritical,
    Duration rttWarning,
    Duration rttCritical,
    Duration timeout) {

  /** The gap between requests: the shortest iputils allows a user without privileges. */
  static final Duration INTERVAL = Duration.ofMillis(200);

  /**
   * The seconds ping waits for the last reply ({@code -W}): the highest rtt level rounded up to
   * whole seconds, plus 1 s (2 s with the default 500 ms; 1 s with both levels off), at most 60. A
   * reply later than that counts as lost.
   */
  public int waitSeconds() {
    long level = 0;
    for (Duration d : new Duration[] {rttWarning, rttCritical}) {
      if (d != null) {
        level = Math.max(level, d.toMillis());
      }
    }
    return (int) Math.min(60, (level + 999) / 1000 + 1);
  }

  /** How long a round takes when every reply is late: the requests, then the last wait. */
  public Duration longestRun() {
    return INTERVAL.multipliedBy(count - 1L).plusSeconds(waitSeconds());
  }

  /** The command line: numeric output, summary only, no shell. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>();
    argv.add("ping");
    argv.add("-n");
    argv.add("-q");
    argv.add("-c");
    argv.add(Integer.toString(count));
    argv.add("-W");
    argv.add(Integer.toString(waitSeconds()));
    argv.add("-i");
    argv.add("0.2");
    argv.add(host);
    return argv;
  }
}
