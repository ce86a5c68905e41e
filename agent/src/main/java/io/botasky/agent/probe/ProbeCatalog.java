package io.botasky.agent.probe;

import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Maps section types to probe factories. Built explicitly in the wiring (no registry, no
 * ServiceLoader). Every section type of the contract is known, so a typo ({@code [mysqll:3306]}) is
 * a configuration error; a known type whose factory this build lacks is an error too, since
 * silently not monitoring a configured resource is the worst outcome.
 */
public final class ProbeCatalog {
  /** Every section type of colConfig.ini (docs/config-reference.md). */
  public static final List<String> SECTION_TYPES =
      List.of(
          "agent",
          "system",
          "mysql",
          "redis",
          "mfsmaster",
          "mfschunkserver",
          "mfsmetalogger",
          "mfscgiserv",
          "keepalived",
          "process",
          "command",
          "http",
          "tcp",
          "ping",
          "network",
          "logfile");

  private final Map<String, ProbeFactory> factories = new LinkedHashMap<>();

  public ProbeCatalog(List<ProbeFactory> list) {
    for (ProbeFactory f : list) {
      if (!SECTION_TYPES.contains(f.sectionType())) {
        throw new IllegalArgumentException("factory for unknown section type " + f.sectionType());
      }
      if (factories.put(f.sectionType(), f) != null) {
        throw new IllegalArgumentException("two factories for " + f.sectionType());
      }
    }
  }

  public Set<String> supportedTypes() {
    return factories.keySet();
  }

  /**
   * The scheduled probes of every probe section of {@code ini} whose type is in {@code selected}
   * (empty = all). Problems go to the file's report; callers check it afterwards.
   */
  public List<ScheduledProbe> build(IniFile ini, ProbeEnv env, Set<String> selected) {
    return build(ini, env, selected, (section, probes) -> {});
  }

  /**
   * {@link #build(IniFile, ProbeEnv, Set)}, handing each probe section with its probes to {@code
   * each} before its unknown keys are reported: so a reader of keys that every section takes (the
   * service keys, {@code io.botasky.agent.inventory}) asks for them without any factory knowing.
   */
  public List<ScheduledProbe> build(
      IniFile ini,
      ProbeEnv env,
      Set<String> selected,
      BiConsumer<Section, List<ScheduledProbe>> each) {
    ini.requireTypes(SECTION_TYPES);
    for (String t : selected) {
      if (ini.sections().stream().noneMatch(s -> t.equals(s.type()))) {
        ini.report()
            .error(
                new io.botasky.common.config.Source(ini.file(), 0),
                null,
                null,
                "--" + t + " given, but no [" + t + "] section is configured");
      }
    }
    List<ScheduledProbe> out = new ArrayList<>();
    for (Section s : ini.sections()) {
      String type = s.type();
      if (type.equals("agent") || !SECTION_TYPES.contains(type)) {
        continue;
      }
      if (!selected.isEmpty() && !selected.contains(type)) {
        continue;
      }
      ProbeFactory f = factories.get(type);
      if (f == null) {
        s.error(null, "this build has no " + type + " probe");
        continue;
      }
      List<ScheduledProbe> probes = f.schedule(s, env);
      each.accept(s, probes);
      out.addAll(probes);
      s.finish();
    }
    return out;
  }
}
