package io.botasky.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Passwords in URLs and values named like secrets are masked; the rest of the text is kept. */
class SecretsTest {
  @Test
  void urlPasswords() {
    assertThat(Secrets.mask("redis://:s3cret@10.0.0.1:6379/0"))
        .isEqualTo("redis://:***@10.0.0.1:6379/0");
    assertThat(Secrets.mask("got \"jdbc:mysql://botasky:p@ss:w@db1:3306/botasky\""))
        .isEqualTo("got \"jdbc:mysql://botasky:***@db1:3306/botasky\"");
    assertThat(Secrets.mask("https://u:pw@hooks.example.com/x"))
        .isEqualTo("https://u:***@hooks.example.com/x");
  }

  @Test
  void namedValues() {
    assertThat(
            Secrets.mask(
                "https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=xyz"))
        .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=***");
    assertThat(Secrets.mask("jdbc:mysql://db1/x?user=a&password=pw"))
        .isEqualTo("jdbc:mysql://db1/x?user=a&password=***");
    assertThat(Secrets.mask("smtp_password = hunter2")).isEqualTo("smtp_password = ***");
    assertThat(Secrets.mask("{\"token\":\"abc\"}")).isEqualTo("{\"token\":\"***\"}");
    assertThat(Secrets.mask("Authorization: Bearer abc.def"))
        .isEqualTo("Authorization: Bearer ***");
  }

  @Test
  void keepsOrdinaryText() {
    String[] plain = {
      "redis://10.0.0.1:6379/0",
      "https://host:8443/path@x",
      "pihealthd.conf:7: admin_token: must be at least 16 characters",
      "colConfig.ini:3: [redis:6379] password: expected a value",
      "unknown key \"smtp_pasword\" (did you mean \"smtp_password\"?), ignored",
      "round: a at 1 samples 2 ünïcode",
    };
    for (String s : plain) {
      assertThat(Secrets.mask(s)).isEqualTo(s);
    }
    assertThat(Secrets.mask(Secrets.mask("redis://:pw@h"))).isEqualTo("redis://:***@h");
  }
}
