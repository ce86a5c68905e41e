package io.botasky.admin;

import io.botasky.common.log.LogSetup;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of {@code botasky}: wiring only. */
public final class Botasky {
  private Botasky() {}

  public static void main(String[] args) {
    LogSetup.consoleOnly(false);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    // Colour only on a terminal and only without NO_COLOR (https://no-color.org): a pipe or a
    // file gets plain text.
    String noColor = System.getenv("NO_COLOR");
    boolean color = System.console() != null && (noColor == null || noColor.isEmpty());
    System.exit(
        new CommandLine(new BotaskyCommand(out, err, host, color))
            .setOut(out)
            .setErr(err)
            .execute(args));
  }
}
