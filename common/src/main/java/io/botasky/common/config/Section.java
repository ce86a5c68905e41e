package io.botasky.common.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one INI section, or of a whole flat file, with typed accessors.
 *
 * <p>Accessors never throw on a bad value: they record an error naming file, line and key in the
 * {@link ConfigReport} and return the default, so every problem of a file is reported in one run.
 * Every key a consumer asks for is remembered; {@link #finish()} then warns about the keys nobody
 * asked for (with a did-you-mean), which is how a typo like {@code smtp_pasword} gets noticed.
 */
public final class Section {
  private final String name;
  private final Source header;
  private final Map<String, Entry> entries;
  private final ConfigReport report;
  private final Set<String> known = new LinkedHashSet<>();

  Section(String name, Source header, Map<String, Entry> entries, ConfigReport report) {
    this.name = name;
    this.header = header;
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    this.report = report;
  }

  /** The full section name ({@code mysql:3306}), or null for a flat file. */
  public String name() {
    return name;
  }

  /** The part before {@code :} or the first space: {@code mysql} of {@code [mysql:3306]}. */
  public String type() {
    return name == null ? null : splitName(name)[0];
  }

  /** The part after {@code :} or the first space, or null: {@code 3306} of {@code [mysql:3306]}. */
  public String instance() {
    return name == null ? null : splitName(name)[1];
  }

  static String[] splitName(String name) {
    int cut = -1;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ':' || Character.isWhitespace(c)) {
        cut = i;
        break;
      }
    }
    if (cut < 0) {
      return new String[] {name, null};
    }
    String inst = name.substring(cut + 1).strip();
    return new String[] {name.substring(0, cut).strip(), inst.isEmpty() ? null : inst};
  }

  public Source source() {
    return header;
  }

  public ConfigReport report() {
    return report;
  }

  public Collection<Entry> entries() {
    return entries.values();
  }

  public boolean has(String key) {
    known.add(key);
    return entries.containsKey(key);
  }

  public Optional<Entry> entry(String key) {
    known.add(key);
    return Optional.ofNullable(entries.get(key));
  }

  /**
   * Records an error against a key of this section (or the section header when the key is absent).
   */
  public void error(String key, String message) {
    Entry e = entries.get(key);
    report.error(e != null ? e.source() : header, name, key, message);
  }

  public String string(String key, String def) {
    return entry(key).map(Entry::value).orElse(def);
  }

  /** A value that must be present and non-empty. */
  public String required(String key) {
    Optional<Entry> e = entry(key);
    if (e.isEmpty() || e.get().value().isEmpty()) {
      report.error(e.map(Entry::source).orElse(header), name, key, "is required");
      return null;
    }
    return e.get().value();
  }

  /**
   * A file path: an error when the operating system cannot name it (a NUL byte), then {@code def}.
   * With an empty {@code def}, the path is optional: an absent or empty value gives null.
   */
  public Path path(String key, String def) {
    String v = string(key, def);
    if (v.isEmpty() && def.isEmpty()) {
      return null;
    }
    try {
      return Path.of(v);
    } catch (InvalidPathException ex) {
      return bad(
          entries.get(key),
          "not a usable path: " + ex.getReason(),
          def.isEmpty() ? null : Path.of(def));
    }
  }

  public Duration duration(String key, Duration def) {
    Optional<Entry> e = entry(key);
    if (e.isEmpty()) {
      return def;
    }
    try {
      return Durations.parse(e.get().value());
    } catch (IllegalArgumentException ex) {
      return bad(e.get(), ex.getMessage(), def);
    }
  }

  public long size(String key, long def) {
    Optional<Entry> e = entry(key);
    if (e.isEmpty()) {
      return def;
    }
    try {
      return Sizes.parse(e.get().value());
    } catch (IllegalArgumentException ex) {
      return bad(e.get(), ex.getMessage(), def);
    }
  }

  public int intIn(String key, int def, int min, int max) {
    Optional<Entry> e = entry(key);
    if (e.isEmpty()) {
      return def;
    }
    String v = e.get().value();
    try {
      // Plain ASCII: parseInt also takes "+5" and Arabic-Indic or fullwidth digits, which an
      // operator reading the file would not take for the number the daemon uses.
      if (!v.matches("-?[0-9]{1,10}")) {
        throw new NumberFormatException();
      }
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        return bad(
            e.get(),
            "expected a whole number from " + min + " to " + max + ", got \"" + v + "\"",
            def);
      }
      return n;
    } catch (NumberFormatException ex) {
      return bad(
          e.get(),
          "expected a whole number from " + min + " to " + max + ", got \"" + v + "\"",
          def);
    }
  }

  public double decimal(String key, double def, double min, double max) {
    Optional<Entry> e = entry(key);
    if (e.isEmpty()) {
      return def;
    }
    String v = e.get().value();
    try {
      // Plain decimals only: parseDouble also takes "5f", "1e3", "0x1p3" and non-ASCII digits.
      if (!v.matches("-?([0-9]{1,15}(\\.[0-9]{0,15})?|\\.[0-9]{1,15})")) {
        throw new NumberFormatException();
      }
      double d = Double.parseDouble(v);
      if (!(d >= min && d <= max)) {
        return bad(
            e.get(), "expected a number from " + min + " to " + max + ", got \"" + v + "\"", def);
      }
      return d;
    } catch (NumberFormatException ex) {
      return bad(
          e.get(), "expected a number from " + min + " to " + max + ", got \"" + v + "\"", def);
    }
  }

  public boolean bool(String key, boolean def) {
    Optional<Entry> e = entry(key);
    if (e.isEmpty()) {
      return def;
    }
    switch (e.get().value().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        return bad(e.get(), "expected true or false, got \"" + e.get().value() + "\"", def);
    }
  }

  /** One of a fixed set of words, compared case-insensitively and returned in lower case. */
  public String oneOf(String key, String def, String... allowed) {
    Optional<Entry> e = entry(key);
    if (e.isEmpty()) {
      return def;
    }
    String v = e.get().value().toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) {
      return bad(
          e.get(),
          "expected one of " + String.join(", ", allowed) + ", got \"" + e.get().value() + "\"",
          def);
    }
    return v;
  }

  /** A comma-separated list; blanks between commas are dropped. */
  public List<String> list(String key) {
    Optional<Entry> e = entry(key);
    List<String> out = new ArrayList<>();
    if (e.isPresent()) {
      for (String part : e.get().value().split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  private <T> T bad(Entry e, String message, T def) {
    report.error(e.source(), name, e.key(), message);
    return def;
  }

  /** The keys asked for so far, in the order first asked: what the reader of this section knows. */
  public Set<String> knownKeys() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(known));
  }

  /** Warns about every key that no accessor asked for. Call after reading all known keys. */
  public void finish() {
    for (Entry e : entries.values()) {
      if (!known.contains(e.key())) {
        String hint =
            DidYouMean.suggest(e.key(), known)
                .map(s -> " (did you mean \"" + s + "\"?)")
                .orElse("");
        report.warning(
            e.source(), name, null, "unknown key \"" + e.key() + "\"" + hint + ", ignored");
      }
    }
  }
}
