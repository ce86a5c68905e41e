package io.botasky.agent.probe.mfs;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.util.List;
import java.util.Map;

/**
 * {@code chunkserver_missing} and {@code metalogger_missing} of a master's cluster view. Pure. The
 * value is the number missing with threshold 1, so "higher is worse" holds as the agent's alert
 * hysteresis assumes (a count of connected servers would never leave its hysteresis band).
 */
public final class MfsJudge {
  private MfsJudge() {}

  public static List<CheckOutcome> judge(
      MfsClusterStatus s, int expectChunkservers, int expectMetaloggers) {
    CheckOutcome cs;
    int n = s.chunkservers().size();
    if (n < expectChunkservers) {
      String names =
          s.disconnected().isEmpty()
              ? ""
              : "; disconnected: " + String.join(", ", s.disconnected());
      cs =
          new CheckOutcome(
              "mfs",
              "mfsmaster",
              "chunkserver_missing",
              Severity.CRITICAL,
              (double) (expectChunkservers - n),
              1.0,
              n + " chunk server(s) connected, " + expectChunkservers + " expected" + names,
              Map.of("connected", s.chunkservers(), "disconnected", s.disconnected()));
    } else {
      cs =
          CheckOutcome.ok(
              "mfs",
              "mfsmaster",
              "chunkserver_missing",
              0.0,
              n + " chunk server(s) connected: " + String.join(", ", s.chunkservers()));
    }
    CheckOutcome ml;
    int m = s.metaloggers().size();
    if (m < expectMetaloggers) {
      ml =
          new CheckOutcome(
              "mfs",
              "mfsmaster",
              "metalogger_missing",
              Severity.CRITICAL,
              (double) (expectMetaloggers - m),
              1.0,
              m + " metalogger(s) connected, " + expectMetaloggers + " expected",
              Map.of("connected", s.metaloggers()));
    } else {
      ml =
          CheckOutcome.ok(
              "mfs",
              "mfsmaster",
              "metalogger_missing",
              0.0,
              m + " metalogger(s) connected: " + String.join(", ", s.metaloggers()));
    }
    return List.of(cs, ml);
  }
}
