package io.botasky.agent.probe;

import io.botasky.common.config.Section;
import java.util.List;

/**
 * A factory of an open-check section type: reads the shared keys ({@link OpenCheck}) once and hands
 * them to the type's own {@link #create(Section, ProbeEnv, OpenCheck)}.
 */
public abstract class OpenCheckFactory implements ProbeFactory {

  /** Validates the section's own keys and builds its probe; never connects or runs anything. */
  protected abstract Probe create(Section section, ProbeEnv env, OpenCheck common);

  @Override
  public final Probe create(Section section, ProbeEnv env) {
    return create(section, env, OpenCheck.read(section));
  }

  @Override
  public final List<ScheduledProbe> schedule(Section section, ProbeEnv env) {
    OpenCheck common = OpenCheck.read(section);
    return List.of(common.schedule(create(section, env, common)));
  }
}
