package io.botasky.notifier;

import io.botasky.common.conf.CollectorAddress;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.db.DbSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What boird uses of /etc/pihealthd.conf, with the escalation file's path resolved.
 *
 * @param collector the local collector's API, where {@code action} steps request actions
 *     (docs/notifier.md)
 * @param publicUrl the collector's address in one-click ack links (docs/notifier.md, "One-click
 *     ack"), without a trailing slash; empty: FIRING mails carry no link
 */
public record NotifierSettings(
    String master,
    DbSettings db,
    URI redisUrl,
    Path escalationFile,
    String smtpHost,
    int smtpPort,
    String smtpUser,
    String smtpPassword,
    boolean smtpStarttls,
    boolean smtpSsl,
    String mailFrom,
    Path notifierLog,
    Path alertLog,
    Duration pollInterval,
    CollectorAddress collector,
    String publicUrl) {

  /** Settings without one-click ack links (tests that build them by hand). */
  public NotifierSettings(
      String master,
      DbSettings db,
      URI redisUrl,
      Path escalationFile,
      String smtpHost,
      int smtpPort,
      String smtpUser,
      String smtpPassword,
      boolean smtpStarttls,
      boolean smtpSsl,
      String mailFrom,
      Path notifierLog,
      Path alertLog,
      Duration pollInterval,
      CollectorAddress collector) {
    this(
        master,
        db,
        redisUrl,
        escalationFile,
        smtpHost,
        smtpPort,
        smtpUser,
        smtpPassword,
        smtpStarttls,
        smtpSsl,
        mailFrom,
        notifierLog,
        alertLog,
        pollInterval,
        collector,
        "");
  }

  /** The notifier's part of the shared pihealthd.conf reader. */
  public static NotifierSettings from(PihealthdSettings c) {
    URI redis = c.redisUrl().isEmpty() ? null : URI.create(c.redisUrl());
    String problem = io.botasky.notifier.policy.EscalationFile.mailProblem(c.mailFrom());
    if (problem != null) {
      c.error("mail_from", problem);
    }
    Path esc = c.escalationFile();
    if (!esc.isAbsolute() && c.file().toAbsolutePath().getParent() != null) {
      // A relative escalation_file is relative to the file that names it, not to the working
      // directory.
      esc = c.file().toAbsolutePath().getParent().resolve(esc);
    }
    return new NotifierSettings(
        c.master(),
        c.db(),
        redis,
        esc,
        c.smtpHost(),
        c.smtpPort(),
        c.smtpUser(),
        c.smtpPassword(),
        c.smtpStarttls(),
        c.smtpSsl(),
        c.mailFrom(),
        c.notifierLog(),
        c.alertLog(),
        c.pollInterval(),
        CollectorAddress.local(c, null),
        c.publicUrl());
  }
}
