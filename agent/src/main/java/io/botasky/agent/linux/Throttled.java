package io.botasky.agent.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Raspberry Pi firmware's {@code get_throttled} bit field (as {@code vcgencmd get_throttled}):
 * bits 0–3 are the state now, bits 16–19 what happened since boot.
 */
public record Throttled(int bits) {
  public static final int UNDER_VOLTAGE = 1;
  public static final int FREQ_CAPPED = 1 << 1;
  public static final int THROTTLED = 1 << 2;
  public static final int SOFT_TEMP_LIMIT = 1 << 3;

  /** Parses {@code 50005}, {@code 0x50005} or {@code throttled=0x50005} (all hexadecimal). */
  public static Throttled parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("throttled=")) {
      s = s.substring("throttled=".length());
    }
    if (s.startsWith("0x")) {
      s = s.substring(2);
    }
    try {
      return new Throttled(Integer.parseUnsignedInt(s, 16));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a hexadecimal bit field: \"" + Numbers.abbreviate(text.strip()) + "\"");
    }
  }

  /** Any of under-voltage, capped, throttled or soft limit right now. */
  public boolean troubleNow() {
    return (bits & 0xF) != 0;
  }

  public boolean underVoltageNow() {
    return (bits & UNDER_VOLTAGE) != 0;
  }

  /** The conditions active now, in words, for an alert summary. */
  public List<String> nowWords() {
    List<String> w = new ArrayList<>();
    if ((bits & UNDER_VOLTAGE) != 0) {
      w.add("under-voltage");
    }
    if ((bits & FREQ_CAPPED) != 0) {
      w.add("frequency capped");
    }
    if ((bits & THROTTLED) != 0) {
      w.add("throttled");
    }
    if ((bits & SOFT_TEMP_LIMIT) != 0) {
      w.add("soft temperature limit");
    }
    return w;
  }

  /** Any condition since boot (bits 16–19). */
  public boolean troubleSinceBoot() {
    return (bits & 0xF0000) != 0;
  }
}
