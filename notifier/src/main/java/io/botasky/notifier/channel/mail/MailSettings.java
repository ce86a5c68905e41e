package io.botasky.notifier.channel.mail;

import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;

/**
 * The {@code smtp_*} and {@code mail_from} settings of pihealthd.conf, plus the timeout of the
 * escalation file's {@code [notifier]} section.
 */
public record MailSettings(
    String host,
    int port,
    String user,
    String password,
    boolean starttls,
    boolean ssl,
    String from,
    Duration timeout) {

  /**
   * A Jakarta Mail session. Connect, read and write timeouts are always set: a frozen SMTP server
   * accepts TCP and never greets, and without them the notifier would hang on it forever.
   */
  public Session session() {
    Properties p = new Properties();
    String ms = String.valueOf(Math.max(1, timeout.toMillis()));
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", String.valueOf(port));
    p.put("mail.smtp.connectiontimeout", ms);
    p.put("mail.smtp.timeout", ms);
    p.put("mail.smtp.writetimeout", ms);
    p.put("mail.smtp.from", from);
    // The EHLO name. Left unset, Jakarta Mail resolves this machine's canonical name before every
    // connection, which costs a DNS round trip (often 100+ ms) on each mail.
    p.put("mail.smtp.localhost", from.substring(from.indexOf('@') + 1));
    if (user != null && !user.isEmpty()) {
      p.put("mail.smtp.auth", "true");
    }
    if (starttls) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (ssl) {
      p.put("mail.smtp.ssl.enable", "true");
    } else {
      p.put("mail.smtp.socketFactory", new NoDelaySocketFactory());
      p.put("mail.smtp.socketFactory.fallback", "false");
    }
    return Session.getInstance(p);
  }
}
