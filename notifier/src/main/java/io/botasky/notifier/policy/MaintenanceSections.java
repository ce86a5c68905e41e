package io.botasky.notifier.policy;

import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import io.botasky.common.time.WindowSchedule;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The escalation file's {@code [maintenance NAME]} sections (docs/config-reference.md): {@code
 * match}, {@code every}, {@code timezone}, {@code comment}. Errors go to the report with file and
 * line, like every other section's.
 */
final class MaintenanceSections {
  /** A window's name, in the file and through the API (docs/api.md). */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private MaintenanceSections() {}

  static List<MaintenanceWindow> parse(IniFile ini, ZoneId defaultZone) {
    List<MaintenanceWindow> out = new ArrayList<>();
    // Two sections of one name are refused by IniFile ("duplicate section").
    for (Section s : ini.sections()) {
      if (s.type().equals("maintenance")) {
        MaintenanceWindow w = window(s, defaultZone);
        if (w != null) {
          out.add(w);
        }
      }
    }
    return out;
  }

  private static MaintenanceWindow window(Section s, ZoneId defaultZone) {
    String name = s.instance();
    if (name == null) {
      s.error(null, "a maintenance section needs a name: [maintenance NAME]");
      return null;
    }
    boolean ok = true;
    if (!NAME.matcher(name).matches()) {
      s.error(
          null,
          "invalid maintenance name \""
              + name
              + "\": letters, digits, _ . - (at most 64), starting with a letter or digit");
      ok = false;
    }
    List<Condition> match = new ArrayList<>();
    if (!s.has("match")) {
      // A window for everything is a mute switch; say so in the file (docs/notifier.md).
      s.error(null, "match: is required, e.g. match = host=db*");
      ok = false;
    } else {
      for (String term : s.list("match")) {
        try {
          match.add(Condition.parse(term));
        } catch (IllegalArgumentException e) {
          s.error("match", e.getMessage());
          ok = false;
        }
      }
      if (match.isEmpty() && ok) {
        s.error("match", "is empty; expected terms like host=db*");
        ok = false;
      }
    }
    ZoneId zone = defaultZone;
    String tz = s.string("timezone", null);
    if (tz != null) {
      try {
        zone = WindowSchedule.zone(tz);
      } catch (IllegalArgumentException e) {
        s.error("timezone", e.getMessage());
        ok = false;
      }
    }
    WindowSchedule every = null;
    String text = s.string("every", null);
    if (text == null) {
      s.error(null, "every: is required, e.g. every = Sun 02:00-04:00");
      ok = false;
    } else {
      try {
        every = WindowSchedule.parse(text, zone);
      } catch (IllegalArgumentException e) {
        s.error("every", e.getMessage());
        ok = false;
      }
    }
    String comment = s.string("comment", "");
    String origin = s.source().toString();
    s.finish();
    return ok ? new MaintenanceWindow(name, origin, match, every, null, null, comment) : null;
  }
}
