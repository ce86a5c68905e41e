package io.botasky.agent.probe.logfile;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The judgement of one {@code [logfile:NAME]} section, apart from the file: which lines count
 * ({@code match} and not {@code ignore}), and {@code pattern_matched} firing from a matching line
 * until {@code quiet} has passed without one. Pure: the time comes in with every call.
 */
final class MatchState {
  /** The contract's limit for an alert summary. */
  static final int SUMMARY_MAX = 512;

  private final String instance;
  private final Pattern match;
  private final Pattern ignore;
  private final Severity severity;
  private final Duration quiet;
  private Instant lastMatch;
  private Instant firstMatch;
  private long count;
  private String latest;

  MatchState(String instance, Pattern match, Pattern ignore, Severity severity, Duration quiet) {
    this.instance = instance;
    this.match = match;
    this.ignore = ignore;
    this.severity = severity;
    this.quiet = quiet;
  }

  /** Whether {@code line} counts: it matches {@code match} and not {@code ignore}. */
  boolean counts(String line) {
    return match.matcher(line).find() && (ignore == null || !ignore.matcher(line).find());
  }

  /** Notes a counted line read at {@code at}. */
  void matched(String line, Instant at) {
    if (!firing(at)) {
      firstMatch = at;
      count = 0;
    }
    count++;
    latest = line;
    lastMatch = at;
  }

  private boolean firing(Instant now) {
    return lastMatch != null && now.isBefore(lastMatch.plus(quiet));
  }

  /**
   * {@code pattern_matched} at {@code now}: firing, with the latest matching line and the count
   * since it fired, until {@code quiet} after the last match; then OK, naming what was seen.
   *
   * @param waiting a note when the file does not exist (yet), shown in an OK summary
   */
  CheckOutcome outcome(Instant now, String waiting) {
    if (firing(now)) {
      String head =
          count
              + (count == 1 ? " matching line" : " matching lines")
              + " since "
              + firstMatch
              + ", latest: ";
      String summary = head + SafeText.line(latest, SUMMARY_MAX - head.length() - 1);
      return CheckOutcome.failing(
          "logfile", instance, "pattern_matched", severity, (double) count, null, summary);
    }
    String summary;
    if (lastMatch == null) {
      summary = "no matching line";
    } else {
      String head =
          "no matching line for "
              + quiet.toSeconds()
              + " s; "
              + count
              + " matched from "
              + firstMatch
              + ", last: ";
      summary = head + SafeText.line(latest, SUMMARY_MAX - head.length() - 1);
    }
    if (waiting != null) {
      summary = waiting + "; " + summary;
    }
    return CheckOutcome.ok(
        "logfile", instance, "pattern_matched", 0.0, SafeText.line(summary, SUMMARY_MAX - 1));
  }
}
