package io.botasky.agent.spool;

import io.botasky.agent.wire.WireCodec;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.Sample;
import io.botasky.common.wire.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The child process of {@link SpoolCrashIT}: opens (and so recovers) the spool and writes one round
 * per flush, forever, with tiny files so that rotations happen all the time. After each write
 * returns it prints {@code durable N} (the value is on disk) or {@code event N}.
 */
public final class SpoolWriterMain {
  private SpoolWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long base = Long.parseLong(args[1]);
    Spool s =
        Spool.open(
            new SpoolSettings(
                dir.resolve("data"), dir.resolve("backup"), 2048, 1, 64L << 20, 1 << 20),
            Clock.systemUTC(),
            new WireCodec(),
            UUID::randomUUID);
    for (long v = base; ; v++) {
      s.addRound(
          List.of(new Sample("t.value", v, v, Map.of()), new Sample("t.other", v, -v, Map.of())));
      System.out.println("durable " + v);
      if (v % 7 == 0) {
        s.addEvents(
            List.of(
                new AlertEvent(
                    UUID.randomUUID().toString(),
                    "system",
                    Long.toString(v),
                    "cpu_usage",
                    AlertState.FIRING,
                    Severity.WARNING,
                    (double) v,
                    90.0,
                    "v" + v,
                    Map.of(),
                    Instant.ofEpochMilli(v))));
        System.out.println("event " + v);
      }
      System.out.flush();
    }
  }
}
