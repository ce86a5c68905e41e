package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Alert severities, lowest first; the ordinal is the rank stored in the database. */
public enum Severity {
  INFO,
  NOTE,
  WARNING,
  CRITICAL;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public int rank() {
    return ordinal();
  }

  public static Severity ofRank(int rank) {
    return values()[rank];
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  /** Parses the wire form ({@code critical}); empty for anything else. */
  public static Optional<Severity> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (Severity v : values()) {
      if (v.wire().equals(s)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static Severity fromJson(String s) {
    return parse(s)
        .orElseThrow(() -> new IllegalArgumentException("unknown severity \"" + s + "\""));
  }
}
