package io.botasky.agent.probe.keepalived;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ProbeFactory;
import io.botasky.agent.probe.process.ProcScan;
import io.botasky.common.config.Section;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** Makes the probe of the {@code [keepalived]} section; {@code vip} is required. */
public final class KeepalivedProbeFactory implements ProbeFactory {
  @Override
  public String sectionType() {
    return "keepalived";
  }

  @Override
  public Probe create(Section section, ProbeEnv env) {
    String vip = section.required("vip");
    if (vip != null && !vip.matches("[0-9a-fA-F:.]+")) {
      section.error("vip", "expected an IP address, got \"" + vip + "\"");
    } else if (vip != null) {
      try {
        // A literal address: no name lookup happens.
        vip = InetAddress.getByName(vip).getHostAddress();
      } catch (UnknownHostException e) {
        section.error("vip", "expected an IP address, got \"" + vip + "\"");
      }
    }
    String iface = section.string("interface", "");
    String expect = section.oneOf("expect", "any", "master", "backup", "any");
    String binary = section.string("keepalived", "/usr/sbin/keepalived");
    Duration dump = section.duration("dump_timeout", Duration.ofSeconds(2));
    return new KeepalivedProbe(new KeepalivedSettings(vip == null ? "" : vip, iface, expect, binary, dump),
        new ProcScan(env.procRoot()), env.commands(), env.capabilities());
  }
}
