package io.botasky.agent.probe.keepalived;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ProbeFactory;
import io.botasky.agent.probe.daemon.ProcScan;
import io.botasky.common.config.Section;
import io.botasky.common.net.IpLiteral;
import io.botasky.common.text.SafeText;
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
    if (vip != null) {
      // A literal only, read as text: a host name here would be looked up (InetAddress.getByName),
      // and the collector accepts nothing but addresses in vips_held.
      String literal = IpLiteral.canonical(vip).orElse(null);
      if (literal == null) {
        section.error("vip", "expected an IP address, got \"" + SafeText.line(vip) + "\"");
      }
      vip = literal;
    }
    String iface = section.string("interface", "");
    String expect = section.oneOf("expect", "any", "master", "backup", "any");
    String binary = section.string("keepalived", "/usr/sbin/keepalived");
    Duration dump = section.duration("dump_timeout", Duration.ofSeconds(2));
    return new KeepalivedProbe(
        new KeepalivedSettings(vip == null ? "" : vip, iface, expect, binary, dump),
        new ProcScan(env.procRoot()),
        env.commands(),
        env.capabilities());
  }
}
