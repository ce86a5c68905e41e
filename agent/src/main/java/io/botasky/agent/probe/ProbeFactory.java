package io.botasky.agent.probe;

import io.botasky.common.config.Section;
import java.time.Duration;
import java.util.List;

/**
 * Makes the probe of one section type. Listed explicitly in the agent's catalog (no ServiceLoader,
 * no static registration).
 */
public interface ProbeFactory {
  /**
   * The section type: {@code mysql}, {@code redis}, {@code mfsmaster}, {@code keepalived}, {@code
   * system}, {@code process}.
   */
  String sectionType();

  /**
   * Validates the section and builds its probe. Records problems in {@code section.report()} and
   * never connects to anything (an unreachable target at start is not a configuration error).
   */
  Probe create(Section section, ProbeEnv env);

  /** The interval of a section without its own timing keys. */
  Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /**
   * The probes of a section with their timing. The default is one probe run every {@code interval}
   * (10 s unless the section says otherwise); a factory whose section holds several probes with
   * their own intervals ({@code [system]}) overrides this.
   */
  default List<ScheduledProbe> schedule(Section section, ProbeEnv env) {
    Duration interval = section.duration("interval", DEFAULT_INTERVAL);
    if (interval.isZero() || interval.isNegative()) {
      section.error("interval", "must be positive");
      interval = DEFAULT_INTERVAL;
    }
    return List.of(ScheduledProbe.of(create(section, env), interval));
  }
}
