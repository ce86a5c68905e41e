package io.botasky.common.cli;

import io.botasky.common.config.ConfigException;
import io.botasky.common.config.Problem;
import io.botasky.common.log.Secrets;
import io.botasky.common.text.SafeText;
import java.io.PrintWriter;

/**
 * Prints configuration problems the way every command does: one per line, prefixed by the command.
 */
public final class ConfigErrors {
  private ConfigErrors() {}

  /** Prints each problem of {@code e} to {@code err} and returns {@link ExitCodes#CONFIG}. */
  public static int report(String command, ConfigException e, PrintWriter err) {
    for (Problem p : e.problems()) {
      // Masked and one line, whatever a message quotes: a value may carry a password or controls.
      err.println(command + ": " + SafeText.line(Secrets.mask(p.toString())));
    }
    err.println(command + ": configuration error, exiting (78)");
    err.flush();
    return ExitCodes.CONFIG;
  }
}
