package io.botasky.notifier.channel.log;

import io.botasky.common.text.SafeText;
import io.botasky.notifier.channel.Channel;
import io.botasky.notifier.channel.DeliveryException;
import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The {@code log} channel: one line per notification in {@code alert_log} (the original's "write
 * alerts to a file in real time"), in the contract's format: {@code 2026-11-21T10:00:00.123Z FIRING
 * CRITICAL pi3 mysql:3306 replication_lag id=42 step=1 "summary"}.
 */
public final class LogChannel implements Channel {
  private final Path file;
  private final Clock clock;

  public LogChannel(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "log";
  }

  @Override
  public boolean paced() {
    return false;
  }

  /** The target the ledger records for this channel. */
  public String target() {
    return file.toString();
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    StringBuilder sb = new StringBuilder();
    String now = io.botasky.notifier.channel.Render.time(clock.instant());
    for (Item i : n.items()) {
      sb.append(line(now, i)).append('\n');
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // One write per batch, appended: lines of concurrent writers never interleave mid-line.
      Files.writeString(
          file,
          sb,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new DeliveryException("log: cannot append to " + file + ": " + e.getMessage(), true, e);
    }
  }

  /**
   * One line. Host, resource:instance and check are single fields: controls escaped as by {@link
   * SafeText#line} and a space as {@code \x20}, so a value can neither forge a line nor shift the
   * fields after it. The summary is quoted, with {@code \} and {@code "} escaped by a backslash and
   * every control as by {@link SafeText#line} ({@code \n}, {@code \x1b}, backslash-u for bidi and
   * separators).
   */
  public static String line(String time, Item i) {
    return time
        + " "
        + i.stateWord()
        + " "
        + i.severityWord()
        + " "
        + field(i.alert().host())
        + " "
        + field(i.alert().resourceInstance())
        + " "
        + field(i.alert().check())
        + " id="
        + i.alert().id()
        + " step="
        + i.step()
        + " \""
        + escape(i.alert().summary())
        + "\"";
  }

  static String field(String s) {
    if (s == null || s.isEmpty()) {
      return "-";
    }
    return SafeText.line(s).replace(" ", "\\x20");
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    // Backslash first, so that the escapes SafeText adds stay distinguishable from literal text.
    return SafeText.line(s.replace("\\", "\\\\").replace("\"", "\\\""));
  }
}
