package io.botasky.notifier.policy;

import io.botasky.common.wire.MatchTerm;
import io.botasky.common.wire.Severity;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One term of a policy's {@code match}: {@code severity>=critical}, {@code resource=mysql|redis},
 * {@code host=pi*}, {@code check!=cpu_temp}. Text fields compare with shell-style wildcards ({@code
 * *}, {@code ?}); {@code |} separates alternatives.
 */
public record Condition(String field, String op, List<String> values) {
  public static final List<String> FIELDS = MatchTerm.FIELDS;

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
   * Parses one term (the syntax is {@link MatchTerm}'s). Pure; the caller attaches file and line to
   * the message.
   *
   * @throws IllegalArgumentException with a message fit for an operator
   */
  public static Condition parse(String text) {
    MatchTerm t = MatchTerm.parse(text);
    return new Condition(t.field(), t.op(), t.values());
  }
}
