package io.botasky.notifier.store;

import io.botasky.notifier.policy.AlertFacts;
import io.botasky.notifier.policy.Condition;
import io.botasky.notifier.policy.Dependency;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts that may be parents now (docs/notifier.md, "Dependencies"), in one query per planner
 * pass, never one per alert: every open {@code host/host_down}, and every open alert that a {@code
 * [dependency]} parent's {@code =} terms admit. The query is a superset; {@link
 * io.botasky.notifier.policy.Suppressor} applies the exact terms. Read from all alerts, whatever
 * this instance's scope: a parent of another team still holds this team's children back.
 */
public final class ParentReader {
  public List<AlertFacts> firing(Connection c, List<Dependency> rules) throws SQLException {
    StringBuilder where = new StringBuilder("(a.resource = 'host' AND a.`check` = 'host_down')");
    List<String> args = new ArrayList<>();
    for (Dependency d : rules) {
      StringBuilder rule = new StringBuilder("1=1");
      for (Condition t : d.parent()) {
        if (t.field().equals("severity") || !t.op().equals("=")) {
          continue;
        }
        String col = t.field().equals("check") ? "a.`check`" : "a." + t.field();
        List<String> ors = new ArrayList<>();
        for (String v : t.values()) {
          ors.add("LOWER(" + col + ") LIKE ? ESCAPE '!'");
          args.add(like(v));
        }
        rule.append(" AND (").append(String.join(" OR ", ors)).append(')');
      }
      where.append(" OR (").append(rule).append(')');
    }
    String sql =
        "SELECT "
            + AlertReader.COLS
            // open_key is set exactly while the alert is open (firing or acked), and with the
            // host_down terms it reads only the open host_down alerts from ix_alerts_open_check.
            + " FROM alerts a WHERE a.open_key IS NOT NULL AND ("
            + where
            + ") ORDER BY a.id";
    List<AlertFacts> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(AlertReader.row(rs));
        }
      }
    }
    return out;
  }

  /** A shell-style glob as a lower-case LIKE pattern with {@code !} as the escape character. */
  static String like(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char ch : glob.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      switch (ch) {
        case '*' -> sb.append('%');
        case '?' -> sb.append('_');
        case '%', '_', '!' -> sb.append('!').append(ch);
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
