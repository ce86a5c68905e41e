package io.botasky.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfFileTest {

  @Test
  void readsOptionValueLinesWithCommentsAndQuotes() {
    ConfigReport r = new ConfigReport();
    Section s =
        ConfFile.parse(
            "pihealthd.conf",
            """
            # comment
            master=pi1
             client_port = 8732
            url = http://x/#frag   # trailing comment
            pw = "a # b ; c \\" d"
            empty =
            """,
            r);
    assertThat(s.string("master", "?")).isEqualTo("pi1");
    assertThat(s.intIn("client_port", 1, 1, 65535)).isEqualTo(8732);
    assertThat(s.string("url", "")).isEqualTo("http://x/#frag");
    assertThat(s.string("pw", "")).isEqualTo("a # b ; c \" d");
    assertThat(s.string("empty", "x")).isEmpty();
    s.finish();
    assertThat(r.all()).isEmpty();
  }

  @Test
  void duplicateKeyIsAnErrorNamingBothLines() {
    ConfigReport r = new ConfigReport();
    ConfFile.parse("p.conf", "a=1\nb=2\na=3\n", r);
    assertThat(r.errors())
        .extracting(Problem::toString)
        .containsExactly("p.conf:3: a: duplicate key, first set at line 1");
  }

  @Test
  void unknownKeyIsAWarningWithSuggestion() {
    ConfigReport r = new ConfigReport();
    Section s = ConfFile.parse("p.conf", "smtp_password=x\nsmtp_pasword=y\n", r);
    s.string("smtp_password", "");
    s.finish();
    assertThat(r.hasErrors()).isFalse();
    assertThat(r.warnings())
        .extracting(Problem::toString)
        .containsExactly(
            "p.conf:2: unknown key \"smtp_pasword\" (did you mean \"smtp_password\"?), ignored");
  }

  @Test
  void badValuesAreAllReportedWithLineAndKey() {
    ConfigReport r = new ConfigReport();
    Section s =
        ConfFile.parse(
            "p.conf", "host_timeout=30\nmax_body=lots\nclient_port=99999\nsmtp_ssl=maybe\n", r);
    assertThat(s.duration("host_timeout", Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(30));
    s.size("max_body", 1);
    s.intIn("client_port", 8732, 1, 65535);
    s.bool("smtp_ssl", false);
    assertThat(r.errors())
        .extracting(Problem::toString)
        .containsExactly(
            "p.conf:1: host_timeout: expected a duration like \"30s\" (units ms, s, m, h, d), got"
                + " \"30\"",
            "p.conf:2: max_body: expected a size like \"30M\" (units K, M, G), got \"lots\"",
            "p.conf:3: client_port: expected a whole number from 1 to 65535, got \"99999\"",
            "p.conf:4: smtp_ssl: expected true or false, got \"maybe\"");
  }

  @Test
  void sectionsAndGarbageAreErrorsInAFlatFile() {
    ConfigReport r = new ConfigReport();
    ConfFile.parse("p.conf", "[agent]\njust some words\n=x\n", r);
    assertThat(r.errors())
        .extracting(Problem::toString)
        .containsExactly(
            "p.conf:1: sections are not used in this file, got [agent]",
            "p.conf:2: expected \"key = value\", got \"just …\"",
            "p.conf:3: a setting needs a key before \"=\"");
  }

  @Test
  void aQuotedValueUnescapesOnlyQuoteAndBackslash() {
    ConfigReport r = new ConfigReport();
    Section s =
        ConfFile.parse("p.conf", "a = \"say \\\"hi\\\" \\\\ # x\"\nb = \"^\\.\\d status\\n\"\n", r);
    assertThat(r.errors()).isEmpty();
    assertThat(s.string("a", "")).isEqualTo("say \"hi\" \\ # x");
    assertThat(s.string("b", "")).isEqualTo("^\\.\\d status\\n");
  }

  @Test
  void unterminatedQuoteIsAnError() {
    ConfigReport r = new ConfigReport();
    ConfFile.parse("p.conf", "pw = \"abc\n", r);
    assertThat(r.errors())
        .extracting(Problem::toString)
        .containsExactly("p.conf:1: pw: unterminated double-quoted value");
  }

  @Test
  void aPathWithNulIsAnErrorAndAnEmptyOptionalPathIsNull() {
    ConfigReport r = new ConfigReport();
    Section s = ConfFile.parse("p.conf", "data_dir=/tmp/a\u0000b\ntls_cert=\n", r);
    assertThat(s.path("data_dir", "/var/lib/botasky"))
        .isEqualTo(java.nio.file.Path.of("/var/lib/botasky"));
    assertThat(s.path("tls_cert", "")).isNull();
    assertThat(r.errors())
        .extracting(Problem::toString)
        .singleElement()
        .asString()
        .startsWith("p.conf:1: data_dir: not a usable path");
  }
}
