package io.botasky.agent.probe;

import io.botasky.agent.inventory.ConfiguredService;
import io.botasky.agent.inventory.ServiceKeys;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.ServiceEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    return buildServices(ini, env, selected, ServiceKeys.HostDefaults.NONE).stream()
        .flatMap(s -> s.probes().stream())
        .toList();
  }

  /**
   * Why {@code instance} cannot be a service's instance at the collector (docs/api.md, "Service
   * inventory": as an alert's instance), or {@code ""}.
   */
  static String instanceProblem(String instance) {
    if (instance.codePointCount(0, instance.length()) > MAX_INSTANCE) {
      return "is longer than " + MAX_INSTANCE + " characters";
    }
    for (int i = 0; i < instance.length(); i++) {
      if (SafeText.needsEscape(instance.charAt(i))) {
        return "contains a control character";
      }
    }
    return "";
  }

  /** Longest instance the collector takes, as for an alert's. */
  static final int MAX_INSTANCE = 255;

  /**
   * The services of every probe section of {@code ini} whose type is in {@code selected} (empty =
   * all), in the order of the file, each with its probes and its service keys ({@link ServiceKeys},
   * read here for every section type so no factory needs to know them). Problems go to the file's
   * report; callers check it afterwards.
   */
  public List<ConfiguredService> buildServices(
      IniFile ini, ProbeEnv env, Set<String> selected, ServiceKeys.HostDefaults defaults) {
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
    List<ConfiguredService> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
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
      ConfiguredService service =
          ConfiguredService.of(
              type,
              s.instance(),
              ServiceKeys.read(s, defaults, env.host(), s.instance() == null ? "" : s.instance()),
              probes);
      if (!instanceProblem(service.instance()).isEmpty()) {
        s.error(null, "the name after the type " + instanceProblem(service.instance()));
      } else if (!seen.add(service.resource() + "\0" + service.instance())) {
        s.error(null, "the same service as an earlier section");
      } else if (out.size() == ServiceEntry.MAX_SERVICES) {
        // The collector takes at most this many services from one host (docs/api.md).
        s.error(null, "more than " + ServiceEntry.MAX_SERVICES + " probe sections");
      }
      out.add(service);
      s.finish();
    }
    return out;
  }
}
