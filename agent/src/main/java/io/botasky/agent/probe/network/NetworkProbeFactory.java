package io.botasky.agent.probe.network;

import io.botasky.agent.linux.ProcFs;
import io.botasky.agent.linux.SysFs;
import io.botasky.agent.probe.OpenCheck;
import io.botasky.agent.probe.OpenCheckFactory;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.common.config.Section;
import io.botasky.common.text.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Makes the probe of the {@code [network]} section; validates, reads nothing. */
public final class NetworkProbeFactory extends OpenCheckFactory {
  /** What Linux accepts as an interface name: at most 15 bytes, no {@code /}, no white space. */
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.:@+-]{1,15}");

  @Override
  public String sectionType() {
    return "network";
  }

  @Override
  protected Probe create(Section section, ProbeEnv env, OpenCheck common) {
    if (section.instance() != null) {
      section.error(null, "takes no name: [network] watches this host's interfaces");
    }
    List<String> interfaces = new ArrayList<>();
    for (String name : section.list("interfaces")) {
      if (!IFNAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
        section.error(
            "interfaces",
            "not an interface name: \""
                + SafeText.line(name, 40)
                + "\" (at most 15 characters:"
                + " letters, digits, . _ - : @ +)");
      } else if (interfaces.contains(name)) {
        section.error("interfaces", name + " is listed twice");
      } else {
        interfaces.add(name);
      }
    }
    return new NetworkProbe(
        section.name(),
        interfaces,
        new SysFs(env.sysRoot()),
        new ProcFs(env.procRoot()),
        env.commands(),
        env.clock(),
        common.timeout());
  }
}
