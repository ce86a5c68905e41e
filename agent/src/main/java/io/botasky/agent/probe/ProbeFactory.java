package io.botasky.agent.probe;

import io.botasky.common.config.Section;

/**
 * Makes the probe of one section type. Listed explicitly in the agent's catalog (no ServiceLoader,
 * no static registration).
 */
public interface ProbeFactory {
  /** The section type: {@code mysql}, {@code redis}, {@code mfsmaster}, {@code keepalived}, {@code system}, {@code process}. */
  String sectionType();

  /**
   * Validates the section and builds its probe. Records problems in {@code section.report()} and
   * never connects to anything (an unreachable target at start is not a configuration error).
   */
  Probe create(Section section, ProbeEnv env);
}
