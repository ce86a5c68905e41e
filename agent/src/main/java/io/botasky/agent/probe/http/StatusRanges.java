package io.botasky.agent.probe.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP status codes a check accepts, written as ranges and single codes separated by commas:
 * {@code 200-399}, {@code 200,204}, {@code 200-299,301}. Codes are three digits, 100 to 599.
 */
public record StatusRanges(List<int[]> ranges, String text) {
  private static final Pattern PART =
      Pattern.compile("([1-5][0-9]{2})(?:\\s*-\\s*([1-5][0-9]{2}))?");

  /** Whether {@code status} is accepted. */
  public boolean contains(int status) {
    for (int[] r : ranges) {
      if (status >= r[0] && status <= r[1]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses the written form; throws IllegalArgumentException saying what is wrong. */
  public static StatusRanges parse(String text) {
    List<int[]> out = new ArrayList<>();
    String[] parts = text.split(",", -1);
    if (parts.length > 50) {
      throw new IllegalArgumentException("at most 50 ranges");
    }
    for (String part : parts) {
      Matcher m = PART.matcher(part.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "expected status codes (100-599) and ranges like 200-399 or 200,204, got \""
                + part.strip()
                + "\"");
      }
      int lo = Integer.parseInt(m.group(1));
      int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
      if (hi < lo) {
        throw new IllegalArgumentException("range " + part.strip() + " ends below its start");
      }
      out.add(new int[] {lo, hi});
    }
    return new StatusRanges(List.copyOf(out), text.strip());
  }
}
