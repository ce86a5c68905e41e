package io.botasky.agent.inventory;

import io.botasky.agent.probe.ProbeCatalog;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.common.config.Entry;
import io.botasky.common.config.IniFile;
import io.botasky.common.config.Section;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.ServiceEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One probe section as a service of its host (docs/agent.md, "Service inventory"): its identity,
 * its service keys and the probes it runs ({@code [system]} runs several).
 */
public record ConfiguredService(
    String resource,
    String instance,
    ServiceKeys keys,
    List<ScheduledProbe> probes,
    String fingerprint) {

  /**
   * @param fingerprint the section as written (its keys and values, not their lines): a reload
   *     keeps the service running when it is unchanged (docs/operations.md, "Reload")
   */
  public ConfiguredService {}

  public ConfiguredService(
      String resource, String instance, ServiceKeys keys, List<ScheduledProbe> probes) {
    this(resource, instance, keys, probes, "");
  }

  /** Longest instance the collector takes, as for an alert's (docs/api.md). */
  static final int MAX_INSTANCE = 255;

  /**
   * The services of every probe section of {@code ini} whose type is in {@code selected} (empty =
   * all), in the order of the file, each with its probes ({@link ProbeCatalog#build}) and its
   * service keys ({@link ServiceKeys}). Refused here, so the collector never has to: a section name
   * it would not take as an instance, the same service twice, more than {@link
   * ServiceEntry#MAX_SERVICES} services. Problems go to the file's report; callers check it
   * afterwards.
   */
  public static List<ConfiguredService> readAll(
      ProbeCatalog catalog,
      IniFile ini,
      ProbeEnv env,
      Set<String> selected,
      ServiceKeys.HostDefaults defaults) {
    List<ConfiguredService> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    catalog.build(
        ini,
        env,
        selected,
        (s, probes) -> {
          String name = s.instance() == null ? "" : s.instance();
          ConfiguredService service =
              of(s.type(), s.instance(), ServiceKeys.read(s, defaults, env.host(), name), probes)
                  .withFingerprint(fingerprint(s));
          String problem = instanceProblem(service.instance());
          if (!problem.isEmpty()) {
            s.error(null, "the name after the type " + problem);
          } else if (!seen.add(service.resource() + "\0" + service.instance())) {
            s.error(null, "the same service as an earlier section");
          } else if (out.size() == ServiceEntry.MAX_SERVICES) {
            s.error(null, "more than " + ServiceEntry.MAX_SERVICES + " probe sections");
          }
          out.add(service);
        });
    return out;
  }

  private ConfiguredService withFingerprint(String f) {
    return new ConfiguredService(resource, instance, keys, probes, f);
  }

  /** The section's name, keys and values, in file order. */
  static String fingerprint(Section s) {
    StringBuilder sb = new StringBuilder(s.name()).append('\n');
    for (Entry e : s.entries()) {
      sb.append(e.key()).append('=').append(e.value()).append('\n');
    }
    return sb.toString();
  }

  /** Why {@code instance} cannot be a service's instance at the collector, or {@code ""}. */
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

  /** Section types that are one per host: their service's instance is {@code ""}. */
  private static final Set<String> SINGLE = Set.of("system", "keepalived", "network");

  /**
   * The service of a section (docs/api.md, "Service inventory"): {@code [redis:6379]} is ({@code
   * redis}, {@code 6379}); the four MooseFS sections are resource {@code mfs} with the section name
   * as instance; {@code [system]}, {@code [keepalived]} and {@code [network]} have instance {@code
   * ""}.
   */
  public static ConfiguredService of(
      String type, String sectionInstance, ServiceKeys keys, List<ScheduledProbe> probes) {
    if (type.startsWith("mfs")) {
      return new ConfiguredService("mfs", type, keys, List.copyOf(probes));
    }
    String instance = SINGLE.contains(type) || sectionInstance == null ? "" : sectionInstance;
    return new ConfiguredService(type, instance, keys, List.copyOf(probes));
  }
}
