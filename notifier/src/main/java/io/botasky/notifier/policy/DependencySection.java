package io.botasky.notifier.policy;

import io.botasky.common.config.Entry;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the escalation file's {@code [dependency NAME]} sections (docs/config-reference.md):
 *
 * <pre>
 * [dependency mysql_failover]
 * parent = resource=mysql check=process_down
 * children = resource=mysql check=master_down|replication_io_stopped
 * </pre>
 *
 * Terms as in a policy's {@code match} ({@link Condition#parse}), separated by spaces or commas.
 * Problems go to the file's report with file:line, section and key.
 */
final class DependencySection {
  private DependencySection() {}

  static List<Dependency> parseAll(IniFile ini) {
    List<Dependency> out = new ArrayList<>();
    for (Section s : ini.sections()) {
      if (s.type().equals("dependency")) {
        Dependency d = parse(s);
        if (d != null) {
          out.add(d);
        }
      }
    }
    return out;
  }

  private static Dependency parse(Section s) {
    String name = s.instance();
    if (name == null) {
      s.error(null, "a dependency section needs a name: [dependency NAME]");
    }
    List<Condition> parent = terms(s, "parent");
    List<Condition> children = terms(s, "children");
    s.finish();
    if (name == null || parent == null || children == null) {
      return null;
    }
    if (Overlap.possible(parent, children)) {
      s.error(
          "children",
          "could match the same alert as parent: make one term on the same field exclude the"
              + " other, e.g. parent check=process_down and children check=master_down");
      return null;
    }
    return new Dependency(name, parent, children);
  }

  /** The terms of {@code key}, or null after recording why there are none. */
  private static List<Condition> terms(Section s, String key) {
    Optional<Entry> e = s.entry(key);
    if (e.isEmpty() || e.get().value().isBlank()) {
      s.error(
          key,
          "is required: terms like a policy's match, e.g. "
              + key
              + " = resource=mysql check="
              + (key.equals("parent") ? "process_down" : "master_down"));
      return null;
    }
    List<Condition> out = new ArrayList<>();
    boolean ok = true;
    for (String term : e.get().value().strip().split("[\\s,]+")) {
      try {
        out.add(Condition.parse(term));
      } catch (IllegalArgumentException ex) {
        s.error(key, ex.getMessage());
        ok = false;
      }
    }
    return ok ? out : null;
  }
}
