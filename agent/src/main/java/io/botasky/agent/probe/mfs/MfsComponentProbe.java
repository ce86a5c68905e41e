package io.botasky.agent.probe.mfs;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.daemon.DaemonCheck;
import io.botasky.agent.probe.daemon.ProcessTable;
import java.util.List;

/**
 * {@code [mfschunkserver]}, {@code [mfsmetalogger]}, {@code [mfscgiserv]}: {@code process_down}
 * (instance = the component) when its process is gone or no longer listens on its port.
 */
public final class MfsComponentProbe implements Probe {
  private final MfsComponent component;
  private final MfsSettings s;
  private final ProcessTable table;

  public MfsComponentProbe(MfsComponent component, MfsSettings settings, ProcessTable table) {
    this.component = component;
    this.s = settings;
    this.table = table;
  }

  @Override
  public String id() {
    return component.program();
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    DaemonCheck.report(
        table,
        List.of(component.program()),
        s.listenPort(),
        id(),
        "mfs",
        component.program(),
        sink);
  }
}
