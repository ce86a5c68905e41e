package io.botasky.common.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The syntax of one {@code match} term ({@code severity>=critical}, {@code resource=mysql|redis},
 * {@code host=pi*}, {@code check!=cpu_temp}), shared by the notifier's escalation file and the
 * collector's maintenance API (docs/notifier.md) so both refuse the same input. The notifier's
 * {@code Condition} tests terms against alerts.
 */
public record MatchTerm(String field, String op, List<String> values) {
  public static final List<String> FIELDS =
      List.of("severity", "resource", "instance", "host", "check");

  public MatchTerm {
    values = List.copyOf(values);
  }

  /**
   * Terms separated by commas, as the escalation file's {@code match} key; blanks are dropped.
   *
   * @throws IllegalArgumentException for the first bad term, or when there is none
   */
  public static List<MatchTerm> parseList(String text) {
    List<MatchTerm> out = new ArrayList<>();
    for (String part : (text == null ? "" : text).split(",")) {
      if (!part.isBlank()) {
        out.add(parse(part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("expected at least one term like host=db*");
    }
    return out;
  }

  /**
   * Parses one term. Pure; the caller attaches file and line (or the API field) to the message.
   *
   * @throws IllegalArgumentException with a message fit for an operator
   */
  public static MatchTerm parse(String text) {
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
        return new MatchTerm(field, op, values.stream().map(String::strip).toList());
      }
    }
    throw new IllegalArgumentException(
        "expected FIELD=VALUE or severity>=LEVEL, got \"" + t + "\"");
  }
}
