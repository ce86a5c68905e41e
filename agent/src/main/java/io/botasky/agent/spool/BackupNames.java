package io.botasky.agent.spool;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of compressed backups: {@code data-20261121T064359.123Z-0001-n1234.gz}. Fixed width and
 * UTC, so the name order is the time order; the sequence number keeps two backups of one
 * millisecond apart; {@code n} is the number of samples inside, so dropping a backup past spool_max
 * can report how much was lost without decompressing it.
 */
final class BackupNames {
  // Bounded digit runs: any file in the backup directory is matched, and parseInt/parseLong of
  // longer runs would throw.
  static final Pattern NAME =
      Pattern.compile("data-(\\d{8}T\\d{6}\\.\\d{3}Z)-(\\d{4,9})-n(\\d{1,18})\\.gz");
  private static final int MAX_SEQ = 9999;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private BackupNames() {}

  /**
   * A name that sorts after {@code last} (null when none): a clock stepped back by NTP must not
   * make a newer backup look older than the ones waiting.
   */
  static String next(Instant now, String last, long samples) {
    String time = TIME.format(now);
    int seq = 1;
    if (last != null) {
      Matcher m = NAME.matcher(last);
      if (m.matches()) {
        int cmp = time.compareTo(m.group(1));
        if (cmp <= 0) {
          time = m.group(1);
          seq = Integer.parseInt(m.group(2)) + 1;
          if (seq > MAX_SEQ) {
            // Five digits would sort before four ("10000" < "9999"): move on one millisecond
            // instead.
            try {
              time = TIME.format(TIME.parse(time, Instant::from).plusMillis(1));
              seq = 1;
            } catch (java.time.DateTimeException e) {
              // Not a real time (month 13): nothing sorts after it reliably; keep counting.
            }
          }
        }
      }
    }
    return String.format(java.util.Locale.ROOT, "data-%s-%04d-n%d.gz", time, seq, samples);
  }

  static boolean isBackup(String name) {
    return NAME.matcher(name).matches();
  }

  /** The sample count written in the name. */
  static Optional<Long> samples(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches() ? Optional.of(Long.parseLong(m.group(3))) : Optional.empty();
  }
}
