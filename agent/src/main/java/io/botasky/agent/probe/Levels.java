package io.botasky.agent.probe;

import io.botasky.common.config.Section;
import io.botasky.common.wire.Severity;
import java.util.Locale;

/**
 * The thresholds of one metric check: the value at which it becomes a note, a warning and critical.
 * Null means that level is off. Read from a section as {@code <check>_note}, {@code
 * <check>_warning}, {@code <check>_critical} (a number or {@code off}).
 */
public record Levels(Double note, Double warning, Double critical) {

  /** The highest level the value reaches, or null when it is below all of them. */
  public Severity severityOf(double value) {
    if (critical != null && value >= critical) {
      return Severity.CRITICAL;
    }
    if (warning != null && value >= warning) {
      return Severity.WARNING;
    }
    if (note != null && value >= note) {
      return Severity.NOTE;
    }
    return null;
  }

  /** The threshold of a level, or null. */
  public Double threshold(Severity s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case CRITICAL -> critical;
      case WARNING -> warning;
      case NOTE -> note;
      default -> null;
    };
  }

  /**
   * The level word of {@code boagent show}: {@code normal} below every threshold, else {@code
   * note}, {@code warning} or {@code critical} (docs/reference.md, "Reports of boagent show").
   */
  public String word(double value) {
    Severity s = severityOf(value);
    return s == null ? "normal" : s.wire();
  }

  /** Reads the three keys of {@code check} from {@code section}, falling back to {@code def}. */
  public static Levels read(Section section, String check, Levels def) {
    Double n = level(section, check + "_note", def.note);
    Double w = level(section, check + "_warning", def.warning);
    Double c = level(section, check + "_critical", def.critical);
    Double prev = null;
    for (Double d : new Double[] {n, w, c}) {
      if (d != null && prev != null && d < prev) {
        section.error(
            check + (d == w ? "_warning" : "_critical"),
            "levels must not decrease: note <= warning <= critical");
        return def;
      }
      if (d != null) {
        prev = d;
      }
    }
    return new Levels(n, w, c);
  }

  private static Double level(Section section, String key, Double def) {
    var e = section.entry(key);
    if (e.isEmpty()) {
      return def;
    }
    String v = e.get().value().strip().toLowerCase(Locale.ROOT);
    if (v.equals("off") || v.equals("none")) {
      return null;
    }
    try {
      String n = v.endsWith("%") ? v.substring(0, v.length() - 1) : v;
      // Plain decimals, as every number of the config files: parseDouble also takes "5f", "1e2",
      // hex floats and non-ASCII digits.
      if (!n.matches("[0-9]{1,15}(\\.[0-9]{0,15})?|\\.[0-9]{1,15}")) {
        throw new NumberFormatException();
      }
      double d = Double.parseDouble(n);
      if (!Double.isFinite(d) || d < 0) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException ex) {
      section.error(key, "expected a number or \"off\", got \"" + e.get().value() + "\"");
      return def;
    }
  }
}
