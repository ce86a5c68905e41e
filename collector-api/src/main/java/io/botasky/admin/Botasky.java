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
    System.exit(
        new CommandLine(new BotaskyCommand(out, err, host)).setOut(out).setErr(err).execute(args));
  }
}
