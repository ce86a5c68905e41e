package io.botasky.agent.probe.mfs;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ProbeFactory;
import io.botasky.agent.probe.daemon.ProcScan;
import io.botasky.common.config.Section;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Makes the probe of one MooseFS section type; {@link #all()} gives the four factories ({@code
 * mfsmaster}, {@code mfschunkserver}, {@code mfsmetalogger}, {@code mfscgiserv}).
 */
public final class MfsProbeFactory implements ProbeFactory {
  private final MfsComponent component;

  public MfsProbeFactory(MfsComponent component) {
    this.component = component;
  }

  /** One factory per component, for the agent's catalog. */
  public static List<ProbeFactory> all() {
    return Arrays.stream(MfsComponent.values()).<ProbeFactory>map(MfsProbeFactory::new).toList();
  }

  @Override
  public String sectionType() {
    return component.program();
  }

  @Override
  public Probe create(Section section, ProbeEnv env) {
    if (section.instance() != null) {
      section.error(null, "[" + component.program() + "] takes no instance name (one per host)");
    }
    int listen = section.intIn("listen_port", component.defaultPort(), 0, 65535);
    Integer listenPort = listen == 0 ? null : listen;
    if (component != MfsComponent.MASTER) {
      return new MfsComponentProbe(
          component,
          new MfsSettings(null, 0, listenPort, 0, 0, null, null),
          new ProcScan(env.procRoot()));
    }
    String host = section.string("host", "127.0.0.1");
    int port = section.intIn("port", 9421, 1, 65535);
    int cs = section.intIn("expect_chunkservers", 1, 0, 10000);
    int ml = section.intIn("expect_metaloggers", 1, 0, 1000);
    String mfscli = section.string("mfscli", "mfscli");
    Duration timeout = section.duration("timeout", Duration.ofSeconds(5));
    boolean process = section.bool("check_process", true);
    return new MfsMasterProbe(
        new MfsSettings(host, port, listenPort, cs, ml, mfscli, timeout),
        new ProcScan(env.procRoot()),
        env.commands(),
        process);
  }
}
