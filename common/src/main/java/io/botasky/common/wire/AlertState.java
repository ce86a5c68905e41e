package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Alert states. Agents send only {@code firing} and {@code resolved}; {@code acked} is set by
 * people.
 */
public enum AlertState {
  FIRING,
  ACKED,
  RESOLVED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AlertState> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (AlertState v : values()) {
      if (v.wire().equals(s)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static AlertState fromJson(String s) {
    return parse(s).orElseThrow(() -> new IllegalArgumentException("unknown state \"" + s + "\""));
  }
}
