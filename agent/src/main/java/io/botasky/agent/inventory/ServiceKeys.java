package io.botasky.agent.inventory;

import io.botasky.agent.probe.command.ArgvSplitter;
import io.botasky.common.config.Entry;
import io.botasky.common.config.Section;
import io.botasky.common.time.StartSchedule;
import io.botasky.common.wire.GroupPath;
import io.botasky.common.wire.ServiceEntry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys every probe section takes about the service it is (docs/config-reference.md, "Every
 * probe section: the service keys"): {@code group}, {@code protected}, {@code action_NAME} and
 * {@code action_timeout} and {@code schedule_NAME}. Parsed here; the agent's action client runs
 * them (docs/agent.md, "Controlled actions").
 *
 * @param group the service's tree path ({@link GroupPath}), {@code ""} for none
 * @param protectedService {@code protected = true}
 * @param actions argv per action name, in the order of the file, {@code :host:} and {@code
 *     :instance:} already replaced
 * @param actionTimeout how long one action may run
 * @param schedules the start times of the actions that run on a schedule, by action name
 */
public record ServiceKeys(
    String group,
    boolean protectedService,
    Map<String, List<String>> actions,
    Duration actionTimeout,
    Map<String, StartSchedule> schedules) {

  /** Without schedules. */
  public ServiceKeys(
      String group,
      boolean protectedService,
      Map<String, List<String>> actions,
      Duration actionTimeout) {
    this(group, protectedService, actions, actionTimeout, Map.of());
  }

  public static final String PREFIX = "action_";
  public static final String TIMEOUT_KEY = "action_timeout";
  public static final String SCHEDULE_PREFIX = "schedule_";
  public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(60);

  /** An action name: what the collector accepts in a service's {@code actions} (docs/api.md). */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  /** A section without any of the keys. */
  public static final ServiceKeys NONE =
      new ServiceKeys("", false, Map.of(), DEFAULT_ACTION_TIMEOUT);

  /** What {@code [agent]} sets for every section of the host. */
  public record HostDefaults(String group, boolean allowPower) {
    public static final HostDefaults NONE = new HostDefaults("", false);
  }

  /**
   * Reads the {@code [agent]} keys that apply to every section: {@code group} (the default for the
   * host's services) and {@code allow_power}.
   */
  public static HostDefaults readHost(Section agent) {
    String group = group(agent);
    boolean allowPower = agent.bool("allow_power", false);
    return new HostDefaults(group, allowPower);
  }

  /**
   * Reads the service keys of probe section {@code s}; problems go to its report, naming file, line
   * and key.
   *
   * @param host and {@code instance} replace {@code :host:} and {@code :instance:} in an action
   */
  public static ServiceKeys read(Section s, HostDefaults defaults, String host, String instance) {
    String group = s.has("group") ? group(s) : defaults.group();
    boolean protectedService = s.bool("protected", false);
    Duration timeout = s.duration(TIMEOUT_KEY, DEFAULT_ACTION_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      s.error(TIMEOUT_KEY, "must be positive");
      timeout = DEFAULT_ACTION_TIMEOUT;
    }
    Map<String, List<String>> actions = new LinkedHashMap<>();
    for (Entry e : s.entries()) {
      String key = e.key();
      if (!key.startsWith(PREFIX) || key.equals(TIMEOUT_KEY)) {
        continue;
      }
      // Asked for, so Section.finish() does not call it an unknown key.
      s.has(key);
      String name = key.substring(PREFIX.length());
      if (!NAME.matcher(name).matches()) {
        s.error(
            key,
            "an action name is a lower-case letter, then up to 31 lower-case letters, digits or"
                + " \"_\"");
        continue;
      }
      if (s.type().equals("system") && !defaults.allowPower()) {
        // An action of [system] acts on the whole machine (a reboot): only by the admin's choice.
        s.error(key, "an action of [system] needs allow_power = true in [agent]");
        continue;
      }
      List<String> argv;
      try {
        argv = ArgvSplitter.substitute(ArgvSplitter.split(e.value()), host, instance);
      } catch (IllegalArgumentException ex) {
        s.error(key, ex.getMessage());
        continue;
      }
      if (argv.isEmpty() || argv.get(0).isEmpty()) {
        s.error(key, "names no program");
        continue;
      }
      if (actions.size() == ServiceEntry.MAX_ACTIONS) {
        s.error(key, "more than " + ServiceEntry.MAX_ACTIONS + " actions in one section");
        continue;
      }
      actions.put(name, argv);
    }
    Map<String, StartSchedule> schedules = new LinkedHashMap<>();
    for (Entry e : s.entries()) {
      String key = e.key();
      if (!key.startsWith(SCHEDULE_PREFIX)) {
        continue;
      }
      s.has(key);
      String name = key.substring(SCHEDULE_PREFIX.length());
      if (!actions.containsKey(name)) {
        s.error(key, "schedules an action this section does not have: add " + PREFIX + name);
        continue;
      }
      try {
        schedules.put(name, StartSchedule.parse(e.value()));
      } catch (IllegalArgumentException ex) {
        s.error(key, ex.getMessage());
      }
    }
    return new ServiceKeys(
        group,
        protectedService,
        Collections.unmodifiableMap(actions),
        timeout,
        Collections.unmodifiableMap(schedules));
  }

  private static String group(Section s) {
    String group = s.string("group", "");
    Optional<String> problem = GroupPath.problem(group);
    if (problem.isPresent()) {
      s.error("group", "not a group path like dev/cache: " + problem.get());
      return "";
    }
    return group;
  }
}
