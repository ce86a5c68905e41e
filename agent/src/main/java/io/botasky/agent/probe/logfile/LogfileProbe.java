package io.botasky.agent.probe.logfile;

import io.botasky.agent.logs.LogQueue;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.wire.LogLine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * {@code [logfile:NAME]}: each round reads what was appended to the file (at most {@value
 * #MAX_BYTES_PER_ROUND} bytes; lines cut at {@value #MAX_LINE_BYTES} bytes), counts the lines that
 * match, forwards them when {@code forward = true}, and reports {@code pattern_matched}
 * (docs/probes/logfile.md). A missing file is waited for; a directory is a failed round.
 */
final class LogfileProbe implements Probe, AutoCloseable {
  static final long MAX_BYTES_PER_ROUND = 4L << 20;
  static final int MAX_LINE_BYTES = 8192;

  private final String id;
  private final String name;
  private final Path path;
  private final MatchState state;
  private final LogQueue forward;
  private final String level;
  private final Clock clock;
  private final FileFollower follower;

  /**
   * @param forward where matching lines go, or null when the section does not forward
   */
  LogfileProbe(
      String id,
      String name,
      Path path,
      MatchState state,
      LogQueue forward,
      String level,
      Clock clock) {
    this.id = id;
    this.name = name;
    this.path = path;
    this.state = state;
    this.forward = forward;
    this.level = level;
    this.clock = clock;
    this.follower = new FileFollower(path, MAX_BYTES_PER_ROUND, MAX_LINE_BYTES);
  }

  @Override
  public String id() {
    return id;
  }

  /** A reload removed the section (docs/operations.md, "Reload"): the followed file is let go. */
  @Override
  public synchronized void close() throws IOException {
    follower.close();
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    Instant now = clock.instant();
    long[] lines = new long[2];
    FileFollower.Polled p;
    try {
      p =
          follower.poll(
              line -> {
                lines[0]++;
                if (state.counts(line)) {
                  lines[1]++;
                  state.matched(line, now);
                  if (forward != null) {
                    forward.offer(new LogLine(name, level, now.toEpochMilli(), line));
                  }
                }
              });
    } catch (IOException e) {
      throw ProbeException.reading(id, e);
    }
    if (p.reason() == Rotation.Reason.DIRECTORY) {
      throw new ProbeException(
          id + ": " + path + " is not a regular file (a directory, a FIFO or a device)");
    }
    // The section's name, not the path: a path may be longer than the collector takes in labels.
    Map<String, String> labels = Map.of("logfile", name);
    sink.sample("logfile.lines_read", lines[0], labels);
    sink.sample("logfile.lines_matched", lines[1], labels);
    String note = null;
    if (p.reason() == Rotation.Reason.WAIT || p.reason() == Rotation.Reason.GONE) {
      note = path + " does not exist (yet); waiting for it";
    } else if (p.behind()) {
      note = "more than " + (MAX_BYTES_PER_ROUND >> 20) + " MiB appended; reading on next round";
    }
    sink.outcome(state.outcome(now, note));
  }
}
