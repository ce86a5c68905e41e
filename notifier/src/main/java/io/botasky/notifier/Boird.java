package io.botasky.notifier;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** {@code boird}: the notifier. Nothing but wiring of the process to {@link BoirdCommand}. */
public final class Boird {
  private Boird() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    BoirdCommand cmd =
        new BoirdCommand(
            out, err, Clock.systemUTC(), BoirdCommand.defaultInstanceName(), BoirdCommand.DAEMON);
    System.exit(cmd.commandLine().execute(args));
  }
}
