package io.botasky.common.exec;

/**
 * What a command did. {@code timedOut} means it was killed at its deadline; {@code truncated} that
 * its output passed the byte limit and the rest was discarded.
 */
public record CommandResult(
    int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated) {
  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }
}
