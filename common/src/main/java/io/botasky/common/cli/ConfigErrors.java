package io.botasky.common.cli;

import io.botasky.common.config.ConfigException;
import io.botasky.common.config.Problem;
import java.io.PrintWriter;

/** Prints configuration problems the way every command does: one per line, prefixed by the command. */
public final class ConfigErrors {
  private ConfigErrors() {}

  /** Prints each problem of {@code e} to {@code err} and returns {@link ExitCodes#CONFIG}. */
  public static int report(String command, ConfigException e, PrintWriter err) {
    for (Problem p : e.problems()) {
      err.println(command + ": " + p);
    }
    err.println(command + ": configuration error, exiting (78)");
    err.flush();
    return ExitCodes.CONFIG;
  }
}
