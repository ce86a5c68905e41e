package io.botasky.agent.linux;

import java.time.Duration;

/** {@code /proc/uptime}: seconds since boot. */
public record Uptime(Duration sinceBoot) {

  public static Uptime parse(String text) {
    String[] f = Numbers.fields(text);
    if (f[0].isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    double s = Numbers.decimal(f[0], "uptime");
    if (s < 0) {
      throw new IllegalArgumentException("negative uptime " + f[0]);
    }
    return new Uptime(Duration.ofMillis((long) (s * 1000)));
  }

  /** Like {@code uptime -p} without spaces: {@code up_3_days,_4_hours,_12_minutes}. */
  public String pretty() {
    long d = sinceBoot.toDays();
    long h = sinceBoot.toHoursPart();
    long m = sinceBoot.toMinutesPart();
    StringBuilder sb = new StringBuilder("up");
    String sep = "_";
    if (d > 0) {
      sb.append(sep).append(d).append(d == 1 ? "_day" : "_days");
      sep = ",_";
    }
    if (h > 0) {
      sb.append(sep).append(h).append(h == 1 ? "_hour" : "_hours");
      sep = ",_";
    }
    if (m > 0 || (d == 0 && h == 0)) {
      sb.append(sep).append(m).append(m == 1 ? "_minute" : "_minutes");
    }
    return sb.toString();
  }
}
