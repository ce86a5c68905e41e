package io.botasky.agent;

import io.botasky.agent.probe.system.CpuProbe;
import io.botasky.agent.probe.system.DiskProbe;
import io.botasky.agent.probe.system.MemProbe;
import io.botasky.agent.probe.system.RunawayProcessProbe;
import io.botasky.agent.probe.system.SysinfoProbe;
import io.botasky.agent.probe.system.SystemSettings;
import io.botasky.agent.probe.system.SystemSources;
import io.botasky.agent.probe.system.UsersProbe;
import io.botasky.agent.report.ReportLines;
import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.IniFile;
import io.botasky.common.text.SafeText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code boagent show cpu|mem|disk|sysinfo|users|procs}: one report as space-separated lines
 * ({@link ReportLines}; docs/probes/system.md, "boagent show lines").
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Print one report line (or lines) and exit.")
final class ShowCommand implements Callable<Integer> {
  /** The reports, in the order of docs/probes/system.md ("boagent show lines"). */
  enum Report {
    cpu,
    mem,
    disk,
    sysinfo,
    users,
    procs
  }

  @ParentCommand Boagent parent;

  @Parameters(index = "0", paramLabel = "REPORT", description = "One of: ${COMPLETION-CANDIDATES}.")
  Report report;

  @Option(
      names = {"-f", "-c", "--config"},
      paramLabel = "FILE",
      description = "Take thresholds from this file's [system] section (default: built-in levels).")
  Path config;

  @Override
  public Integer call() {
    SystemSettings settings = SystemSettings.defaults();
    if (config != null) {
      ConfigReport r = new ConfigReport();
      try {
        IniFile ini = IniFile.read(config, r);
        settings = SystemSettings.read(ini.sectionOrEmpty("system"));
        r.throwIfErrors();
      } catch (ConfigException e) {
        return ConfigErrors.report("boagent show", e, parent.err());
      }
    }
    AgentWiring w = parent.wiring();
    SystemSources src = w.systemFactory().sources(w.probeEnv());
    ZoneId zone = src.clock().getZone();
    try {
      List<String> lines =
          switch (report) {
            case cpu -> List.of(ReportLines.cpu(new CpuProbe(src, settings).measure(), zone));
            case mem -> List.of(ReportLines.mem(new MemProbe(src, settings).measure(), zone));
            case disk -> ReportLines.disk(new DiskProbe(src, settings).measure(), zone);
            case sysinfo ->
                List.of(ReportLines.sysinfo(new SysinfoProbe(src, settings).measure(), zone));
            case users -> List.of(ReportLines.users(new UsersProbe(src, settings).measure(), zone));
            case procs -> ReportLines.procs(new RunawayProcessProbe(src, settings).measure(), zone);
          };
      // Reports quote the host's own data (mount points, user names, process names): one inert
      // line each, whatever they hold.
      lines.forEach(l -> parent.out().println(SafeText.line(l)));
      parent.out().flush();
      return 0;
    } catch (IOException e) {
      parent
          .err()
          .println("boagent show " + report + ": " + SafeText.line(String.valueOf(e.getMessage())));
      parent.err().flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
