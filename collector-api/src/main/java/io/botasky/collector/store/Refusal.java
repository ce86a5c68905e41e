package io.botasky.collector.store;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value the database refused although validation let it through (SQLSTATE class 22, "data
 * exception": too long, out of range, not a valid string), told apart from a fault. The caller
 * answers 400 naming the field; the driver's message, which quotes SQL and values, only goes to the
 * log. Validation and the schema are meant to agree (see docs/collector.md, "Lengths"), so this is
 * the net under them, not the rule.
 *
 * @param column the column the database named, lower case, or null when its message named none
 * @param tooLong whether the value was too long (SQLSTATE 22001), rather than otherwise invalid
 */
public record Refusal(String column, boolean tooLong) {
  // MariaDB/MySQL: Data too long for column 'summary' at row 1; Incorrect string value: … for
  // column `db`.`t`.`summary` at row 1
  // H2: Value too long for column "summary CHARACTER VARYING(512)": …
  private static final Pattern COLUMN =
      Pattern.compile("(?i)for column (?:[`'\"]?[\\w$]+[`'\"]?\\.)*[`'\"]?([\\w$]+)");

  /** The refusal {@code e} (or a cause) carries, if it is one. */
  public static Optional<Refusal> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException se
          && se.getSQLState() != null
          && se.getSQLState().startsWith("22")) {
        return Optional.of(new Refusal(column(se.getMessage()), se.getSQLState().equals("22001")));
      }
    }
    return Optional.empty();
  }

  static String column(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = COLUMN.matcher(message);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  /**
   * The answer's text for the field named {@code field} (null: unknown), free of SQL and values.
   */
  public String message(String field) {
    String what = tooLong ? "too long for the database" : "refused by the database as invalid";
    return field == null ? "a value is " + what : field + ": " + what;
  }
}
