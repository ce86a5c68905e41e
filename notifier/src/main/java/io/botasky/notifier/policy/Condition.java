package io.botasky.notifier.policy;

import io.botasky.common.wire.Severity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One term of a policy's {@code match}: {@code severity>=critical}, {@code resource=mysql|redis},
 * {@code host=pi*}, {@code check!=cpu_temp}. Text fields compare with shell-style wildcards ({@code
 * *}, {@code ?}); {@code |} separates alternatives.
 */
public record Condition(String field, String op, List<String> values) {
  public static final List<String> FIELDS =
      List.of("severity", "resource", "instance", "host", "check");

  /** Whether {@code alert} satisfies this term. */
  public boolean test(AlertFacts alert) {
    if (field.equals("severity")) {
      int have = alert.severity().rank();
      if (op.equals("!=")) {
        return values.stream().noneMatch(v -> rank(v) == have);
      }
      return values.stream()
          .anyMatch(
              v ->
                  switch (op) {
                    case ">=" -> have >= rank(v);
                    case "<=" -> have <= rank(v);
                    case ">" -> have > rank(v);
                    case "<" -> have < rank(v);
                    default -> have == rank(v);
                  });
    }
    String have =
        switch (field) {
          case "resource" -> alert.resource();
          case "instance" -> alert.instance();
          case "host" -> alert.host();
          default -> alert.check();
        };
    boolean any =
        values.stream().anyMatch(v -> glob(v).matcher(have == null ? "" : have).matches());
    return op.equals("!=") != any;
  }

  private static int rank(String severity) {
    return Severity.parse(severity).orElseThrow().rank();
  }

  static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (char c : g.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /**
   * Parses one term. Pure; the caller attaches file and line to the message.
   *
   * @throws IllegalArgumentException with a message fit for an operator
   */
  public static Condition parse(String text) {
    String t = text.strip();
    String[] ops = {">=", "<=", "!=", "=", ">", "<"};
    for (String op : ops) {
      int at = t.indexOf(op);
      if (at > 0) {
        String field = t.substring(0, at).strip().toLowerCase(Locale.ROOT);
        String value = t.substring(at + op.length()).strip();
        if (!FIELDS.contains(field)) {
          throw new IllegalArgumentException(
              "unknown field \""
                  + field
                  + "\" in \""
                  + t
                  + "\" (expected one of "
                  + String.join(", ", FIELDS)
                  + ")");
        }
        if (value.isEmpty()) {
          throw new IllegalArgumentException("no value after \"" + op + "\" in \"" + t + "\"");
        }
        List<String> values = List.of(value.split("\\|", -1));
        if (values.stream().anyMatch(String::isBlank)) {
          // "host=|" or "resource=mysql||redis": an empty alternative matches nothing, silently.
          throw new IllegalArgumentException("empty alternative between \"|\" in \"" + t + "\"");
        }
        if (field.equals("severity")) {
          for (String v : values) {
            if (Severity.parse(v.strip().toLowerCase(Locale.ROOT)).isEmpty()) {
              throw new IllegalArgumentException(
                  "unknown severity \"" + v + "\" (expected info, note, warning or critical)");
            }
          }
          values = values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
        } else if (!op.equals("=") && !op.equals("!=")) {
          throw new IllegalArgumentException(
              "\"" + op + "\" compares severities only; use = or != for " + field);
        }
        return new Condition(field, op, values.stream().map(String::strip).toList());
      }
    }
    throw new IllegalArgumentException(
        "expected FIELD=VALUE or severity>=LEVEL, got \"" + t + "\"");
  }
}
