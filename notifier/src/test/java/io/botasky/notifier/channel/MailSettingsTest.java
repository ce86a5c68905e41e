package io.botasky.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.notifier.channel.mail.MailSettings;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Jakarta Mail session the smtp_* settings make: timeouts always, TLS and auth as asked. */
class MailSettingsTest {

  Properties props(boolean starttls, boolean ssl, String user) {
    return new MailSettings(
            "mx.example.com", 587, user, "pw", starttls, ssl, "botasky@pi1", Duration.ofSeconds(7))
        .session()
        .getProperties();
  }

  @Test
  void timeoutsAreAlwaysSetSoAFrozenServerCannotHangTheNotifier() {
    Properties p = props(false, false, "");
    assertThat(p.getProperty("mail.smtp.connectiontimeout")).isEqualTo("7000");
    assertThat(p.getProperty("mail.smtp.timeout")).isEqualTo("7000");
    assertThat(p.getProperty("mail.smtp.writetimeout")).isEqualTo("7000");
    assertThat(p.getProperty("mail.smtp.host")).isEqualTo("mx.example.com");
    assertThat(p.getProperty("mail.smtp.port")).isEqualTo("587");
    assertThat(p.getProperty("mail.smtp.localhost")).isEqualTo("pi1");
    assertThat(p.getProperty("mail.smtp.auth")).isNull();
    assertThat(p.getProperty("mail.smtp.starttls.enable")).isNull();
  }

  @Test
  void starttlsIsRequiredWhenAsked() {
    Properties p = props(true, false, "bot");
    assertThat(p.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.starttls.required")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.auth")).isEqualTo("true");
  }

  @Test
  void sslFromTheFirstByte() {
    Properties p = props(false, true, "");
    assertThat(p.getProperty("mail.smtp.ssl.enable")).isEqualTo("true");
    assertThat(p.get("mail.smtp.socketFactory")).isNull();
  }
}
