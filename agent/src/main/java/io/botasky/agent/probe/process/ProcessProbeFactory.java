package io.botasky.agent.probe.process;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ProbeFactory;
import io.botasky.agent.probe.daemon.ProcScan;
import io.botasky.common.config.Section;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Makes the probe of a {@code [process:NAME]} section: {@code match} is required. */
public final class ProcessProbeFactory implements ProbeFactory {
  @Override
  public String sectionType() {
    return "process";
  }

  @Override
  public Probe create(Section section, ProbeEnv env) {
    if (section.instance() == null) {
      section.error(null, "needs a name: [process:NAME]");
    }
    String match = section.required("match");
    Pattern pattern =
        Pattern.compile(".^"); // matches nothing; only used when the config has errors
    if (match != null) {
      try {
        pattern = Pattern.compile(match);
      } catch (PatternSyntaxException e) {
        section.error("match", "not a valid regular expression: " + e.getDescription());
      }
    }
    return new ProcessProbe(
        section.name(),
        section.instance(),
        pattern,
        new ProcScan(env.procRoot()),
        ProcessHandle.current().pid());
  }
}
