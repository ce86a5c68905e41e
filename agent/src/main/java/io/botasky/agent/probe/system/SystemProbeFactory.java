package io.botasky.agent.probe.system;

import io.botasky.agent.linux.EtcFs;
import io.botasky.agent.linux.FsStats;
import io.botasky.agent.linux.ProcFs;
import io.botasky.agent.linux.SysFs;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeFactory;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.ScheduledProbe;
import io.botasky.common.config.Section;
import java.time.Duration;
import java.util.List;

/** {@code [system]}: six probes, each on its own interval. */
public final class SystemProbeFactory implements ProbeFactory {
  private final FsStats fsStats;
  private final Sleeper sleeper;

  public SystemProbeFactory(FsStats fsStats, Sleeper sleeper) {
    this.fsStats = fsStats;
    this.sleeper = sleeper;
  }

  @Override
  public String sectionType() {
    return "system";
  }

  public SystemSources sources(ProbeEnv env) {
    return new SystemSources(
        new ProcFs(env.procRoot()),
        new SysFs(env.sysRoot()),
        new EtcFs(env.etcRoot(), env.runRoot(), env.logRoot()),
        fsStats,
        env.clock(),
        sleeper);
  }

  @Override
  public List<ScheduledProbe> schedule(Section section, ProbeEnv env) {
    if (section.instance() != null) {
      section.error(null, "[system] takes no instance name");
    }
    SystemSettings cfg = SystemSettings.read(section);
    SystemSources src = sources(env);
    // The runaway scan waits twice runaway_wait; its deadline must allow for that.
    Duration procDeadline =
        ScheduledProbe.defaultDeadline(cfg.procInterval()).plus(cfg.runawayWait().multipliedBy(2));
    RunawayProcessProbe procs = new RunawayProcessProbe(src, cfg);
    return List.of(
        ScheduledProbe.of(new CpuProbe(src, cfg), cfg.cpuInterval()),
        ScheduledProbe.of(new MemProbe(src, cfg), cfg.memInterval()),
        ScheduledProbe.of(new DiskProbe(src, cfg), cfg.diskInterval()),
        ScheduledProbe.of(new SysinfoProbe(src, cfg), cfg.sysinfoInterval()),
        ScheduledProbe.of(new UsersProbe(src, cfg), cfg.usersInterval()),
        new ScheduledProbe(procs.id(), procs, cfg.procInterval(), procDeadline));
  }

  /** All six as one probe, for callers that want a single round of everything. */
  @Override
  public Probe create(Section section, ProbeEnv env) {
    List<ScheduledProbe> all = schedule(section, env);
    return new Probe() {
      @Override
      public String id() {
        return "system";
      }

      @Override
      public void run(ProbeSink sink) throws ProbeException {
        for (ScheduledProbe p : all) {
          p.probe().run(sink);
        }
      }
    };
  }
}
