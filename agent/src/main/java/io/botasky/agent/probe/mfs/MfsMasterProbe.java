package io.botasky.agent.probe.mfs;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.daemon.CarriedOutcomes;
import io.botasky.agent.probe.daemon.DaemonCheck;
import io.botasky.agent.probe.daemon.ProcessTable;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code [mfsmaster]}: {@code process_down} for the local master (process, port, and mfscli finding
 * a working master), then from {@code mfscli -SIN -SCS -SMB} {@code chunkserver_missing} and {@code
 * metalogger_missing}. mfscli runs through the {@link CommandRunner} with a deadline. Samples space
 * and object counts as {@code mfs.*}.
 */
public final class MfsMasterProbe implements Probe {
  private static final Map<String, String> METRICS =
      Map.of(
          "total space", "mfs.total_space_bytes",
          "avail space", "mfs.avail_space_bytes",
          "trash space", "mfs.trash_space_bytes",
          "all fs objects", "mfs.fs_objects",
          "files", "mfs.files",
          "chunks", "mfs.chunks",
          "all chunk copies", "mfs.chunk_copies");

  private final MfsSettings s;
  private final ProcessTable table;
  private final CommandRunner commands;
  private final boolean checkProcess;
  private final CarriedOutcomes clusterChecks = new CarriedOutcomes();

  public MfsMasterProbe(
      MfsSettings settings, ProcessTable table, CommandRunner commands, boolean checkProcess) {
    this.s = settings;
    this.table = table;
    this.commands = commands;
    this.checkProcess = checkProcess;
  }

  @Override
  public String id() {
    return "mfsmaster";
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    if (checkProcess) {
      DaemonCheck d;
      try {
        d = DaemonCheck.find(table, List.of("mfsmaster"), s.listenPort());
      } catch (IOException e) {
        throw new ProbeException("mfsmaster: cannot list processes: " + e.getMessage(), e);
      }
      if (!d.up()) {
        sink.outcome(d.outcome("mfs", "mfsmaster"));
        clusterChecks.carry("master process down", sink); // mfscli would only say the same
        return;
      }
    }
    MfsClusterStatus st = MfscliParser.parse(mfscli());
    if (!st.masterFound()) {
      sink.outcome(
          CheckOutcome.failing(
              "mfs",
              "mfsmaster",
              "process_down",
              Severity.CRITICAL,
              null,
              null,
              "mfscli -H "
                  + s.host()
                  + " -P "
                  + s.port()
                  + " finds no working master"
                  + (st.masterState() != null ? " (state " + st.masterState() + ")" : "")));
      clusterChecks.carry("no working master", sink);
      return;
    }
    sink.outcome(
        CheckOutcome.ok(
            "mfs",
            "mfsmaster",
            "process_down",
            null,
            "master " + s.host() + ":" + s.port() + " answers mfscli"));
    List<CheckOutcome> judged = MfsJudge.judge(st, s.expectChunkservers(), s.expectMetaloggers());
    judged.forEach(sink::outcome);
    clusterChecks.judged(judged);
    Map<String, String> labels = Map.of("instance", "mfsmaster");
    METRICS.forEach(
        (label, metric) -> {
          Long v = st.info().get(label);
          if (v != null) {
            sink.sample(metric, v, labels);
          }
        });
    sink.sample("mfs.chunkservers_connected", st.chunkservers().size(), labels);
    sink.sample("mfs.metaloggers_connected", st.metaloggers().size(), labels);
  }

  private String mfscli() throws ProbeException {
    List<String> argv =
        List.of(
            s.mfscli(), "-H", s.host(), "-P", Integer.toString(s.port()), "-SIN", "-SCS", "-SMB");
    CommandResult r;
    try {
      r = commands.run(argv, s.timeout());
    } catch (IOException e) {
      throw new ProbeException(
          "mfsmaster: cannot run "
              + s.mfscli()
              + " (install moosefs-cli, or set mfscli = "
              + "its path): "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new ProbeException(
          "mfsmaster: the command runner failed to run " + s.mfscli() + ": " + e, e);
    }
    if (r.timedOut()) {
      throw new ProbeException(
          "mfsmaster: "
              + String.join(" ", argv)
              + " did not answer within "
              + s.timeout().toMillis()
              + " ms");
    }
    if (r.exitCode() != 0) {
      throw new ProbeException(
          "mfsmaster: "
              + String.join(" ", argv)
              + " exited "
              + r.exitCode()
              + ": "
              + r.stderr().strip());
    }
    return r.stdout();
  }
}
