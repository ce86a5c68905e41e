package io.botasky.notifier.channel.mail;

import io.botasky.common.log.Secrets;
import io.botasky.common.text.SafeText;
import io.botasky.notifier.channel.Channel;
import io.botasky.notifier.channel.DeliveryException;
import io.botasky.notifier.channel.Notification;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * The {@code mail} channel: one message with a text and an HTML part to one recipient, through the
 * injected Jakarta Mail session. The Message-ID is fixed by the caller per (alert, step), so a
 * retry after a lost answer is recognisably the same mail.
 */
public final class MailChannel implements Channel {
  /** The session and its settings, swapped together by a reload. */
  private record Mail(Session session, MailSettings settings) {}

  private volatile Mail mail;
  private final MailRenderer renderer;
  private final Clock clock;

  private final AckLinks ackLinks;

  public MailChannel(Session session, MailSettings settings, MailRenderer renderer, Clock clock) {
    this(session, settings, renderer, clock, AckLinks.none());
  }

  /**
   * @param ackLinks the one-click ack links of FIRING mails (docs/notifier.md, "One-click ack")
   */
  public MailChannel(
      Session session,
      MailSettings settings,
      MailRenderer renderer,
      Clock clock,
      AckLinks ackLinks) {
    this.mail = new Mail(session, settings);
    this.renderer = renderer;
    this.clock = clock;
    this.ackLinks = ackLinks;
  }

  /**
   * The mail settings of a reload (docs/operations.md, "Reload"): the next message uses them; one
   * being sent finishes with the old ones.
   */
  public void replace(Session session, MailSettings settings) {
    this.mail = new Mail(session, settings);
  }

  @Override
  public String type() {
    return "mail";
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    if (!SafeText.isSafeLine(n.target())) {
      // A recipient with a control character could add headers; the API and the config refuse
      // such addresses, so this is a last line of defence.
      throw new DeliveryException(
          "mail " + SafeText.line(n.target()) + ": recipient contains control characters", false);
    }
    Mail cur = mail;
    MailSettings settings = cur.settings();
    MimeMessage m;
    try {
      m = message(n, cur);
    } catch (MessagingException e) {
      throw new DeliveryException(
          "mail " + n.target() + ": cannot build the message: " + e.getMessage(), false, e);
    }
    try {
      if (settings.user() != null && !settings.user().isEmpty()) {
        Transport.send(m, settings.user(), settings.password());
      } else {
        Transport.send(m);
      }
    } catch (SendFailedException e) {
      throw classify(n, e);
    } catch (AuthenticationFailedException e) {
      // Wrong credentials are an operator's to fix; retrying keeps the notifications until then.
      throw new DeliveryException(
          "mail " + n.target() + ": SMTP authentication failed: " + e.getMessage(), true, e);
    } catch (MessagingException e) {
      throw new DeliveryException("mail " + n.target() + ": " + describe(e), true, e);
    }
  }

  private DeliveryException classify(Notification n, SendFailedException e) {
    int code = -1;
    for (Exception x = e;
        x != null;
        x = x instanceof MessagingException me ? me.getNextException() : null) {
      if (x instanceof SMTPAddressFailedException af) {
        code = af.getReturnCode();
        break;
      }
      if (x instanceof SMTPSendFailedException sf) {
        code = sf.getReturnCode();
      }
    }
    // 5xx is the server's final word (unknown user, policy); 4xx and no code may pass on retry.
    boolean retryable = code < 500;
    return new DeliveryException(
        "mail " + n.target() + ": " + (code > 0 ? "SMTP " + code + ": " : "") + describe(e),
        retryable,
        e);
  }

  private static String describe(MessagingException e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()).strip());
    Throwable c = e.getCause() != null ? e.getCause() : e.getNextException();
    if (c != null && c != e && c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
      sb.append(" (")
          .append(c.getClass().getSimpleName())
          .append(": ")
          .append(c.getMessage().strip())
          .append(')');
    }
    // The server's reply may quote what was sent (an address, a header): one masked line.
    return SafeText.line(Secrets.mask(sb.toString()));
  }

  MimeMessage message(Notification n) throws MessagingException {
    return message(n, mail);
  }

  private MimeMessage message(Notification n, Mail cur) throws MessagingException {
    String id = n.messageId();
    MimeMessage m =
        new MimeMessage(cur.session()) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
          }
        };
    m.setFrom(new InternetAddress(cur.settings().from()));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(n.target()));
    m.setSubject(renderer.subject(n), StandardCharsets.UTF_8.name());
    m.setSentDate(Date.from(clock.instant()));
    java.util.Map<Long, String> links = ackLinks.links(n);
    MimeBodyPart text = new MimeBodyPart();
    text.setText(renderer.text(n, links), StandardCharsets.UTF_8.name());
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(renderer.html(n, links), "text/html; charset=UTF-8");
    MimeMultipart alt = new MimeMultipart("alternative");
    alt.addBodyPart(text);
    alt.addBodyPart(html);
    m.setContent(alt);
    m.setHeader("X-Botasky-Alerts", String.valueOf(n.items().size()));
    return m;
  }
}
