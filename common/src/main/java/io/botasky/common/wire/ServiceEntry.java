package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One service of a host as its agent reports it in a heartbeat (docs/api.md, "Service inventory"):
 * every configured probe section is one, e.g. {@code [redis:6379]} is resource {@code redis},
 * instance {@code 6379}; {@code [system]} is resource {@code system}, instance {@code ""}.
 *
 * @param i the entry's index in the agent's list; only in a heartbeat's {@code changed} array
 * @param group the tree path ({@link GroupPath}), {@code ""} when none is configured
 * @param state what the service's latest round said: {@code ok}, {@code warning}, {@code critical}
 *     or {@code unknown} (the round could not judge); never {@code stale}, which only the collector
 *     decides
 * @param summary why, at most {@link #MAX_SUMMARY} characters; {@code ""} when there is nothing to
 *     say
 * @param lastCheck when its latest round started, epoch milliseconds; 0 before the first round
 * @param interval seconds between its rounds (the shortest of its probes')
 * @param actions the names of the actions its section offers ({@code action_NAME} keys)
 * @param protectedService {@code protected = true} in its section (serialised as {@code protected})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceEntry(
    Integer i,
    String resource,
    String instance,
    String group,
    String state,
    String summary,
    long lastCheck,
    int interval,
    List<String> actions,
    @JsonProperty("protected") boolean protectedService) {
  /** Longest summary, as for an alert's. */
  public static final int MAX_SUMMARY = 512;

  /** Most services one heartbeat may list. */
  public static final int MAX_SERVICES = 500;

  /** Most actions one service may offer. */
  public static final int MAX_ACTIONS = 16;

  /** The states an agent reports, best first. */
  public static final List<String> AGENT_STATES = List.of("ok", "warning", "critical", "unknown");

  /** This entry without its index, for the full list. */
  public ServiceEntry withoutIndex() {
    return i == null ? this : withIndex(null);
  }

  /** This entry carrying {@code index}, for a heartbeat's {@code changed} array. */
  public ServiceEntry withIndex(Integer index) {
    return new ServiceEntry(
        index,
        resource,
        instance,
        group,
        state,
        summary,
        lastCheck,
        interval,
        actions,
        protectedService);
  }

  /** Whether {@code o} reports the same thing apart from the time of its check. */
  public boolean sameAsideFromCheck(ServiceEntry o) {
    return resource.equals(o.resource)
        && instance.equals(o.instance)
        && group.equals(o.group)
        && state.equals(o.state)
        && summary.equals(o.summary)
        && interval == o.interval
        && actions.equals(o.actions)
        && protectedService == o.protectedService;
  }
}
