package io.botasky.collector;

import io.botasky.common.lifecycle.DaemonRunner;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine;

/** Entry point of {@code pihealthd}: wiring only. */
public final class Pihealthd {
  private Pihealthd() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    PihealthdCommand cmd =
        new PihealthdCommand(
            out,
            err,
            hostName(),
            Clock.systemUTC(),
            service ->
                DaemonRunner.runUntilSignalled("pihealthd", service, Duration.ofSeconds(10)));
    System.exit(new CommandLine(cmd).setOut(out).setErr(err).execute(args));
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
