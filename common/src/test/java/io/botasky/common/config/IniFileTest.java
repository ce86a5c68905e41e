package io.botasky.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IniFileTest {

  @Test
  void sectionsKeepOrderTypeAndInstance() {
    ConfigReport r = new ConfigReport();
    IniFile ini =
        IniFile.parse(
            "colConfig.ini",
            """
            [agent]
            host = pi3                 ; default: this machine's host name
            [mysql:3306]
            port = 3306
            [contacts oncall]
            mail = ops@example.com, dba@example.com
            """,
            r);
    assertThat(ini.sections())
        .extracting(Section::name)
        .containsExactly("agent", "mysql:3306", "contacts oncall");
    assertThat(ini.sections())
        .extracting(Section::type)
        .containsExactly("agent", "mysql", "contacts");
    assertThat(ini.sections())
        .extracting(Section::instance)
        .containsExactly(null, "3306", "oncall");
    assertThat(ini.section("agent").orElseThrow().string("host", "")).isEqualTo("pi3");
    assertThat(ini.section("contacts oncall").orElseThrow().list("mail"))
        .containsExactly("ops@example.com", "dba@example.com");
    assertThat(r.all()).isEmpty();
  }

  @Test
  void unknownSectionTypeIsAnErrorWithSuggestion() {
    ConfigReport r = new ConfigReport();
    IniFile ini = IniFile.parse("colConfig.ini", "[agent]\n[mysqll:3306]\nport=3306\n", r);
    ini.requireTypes(List.of("agent", "mysql", "redis"));
    assertThat(r.errors())
        .extracting(Problem::toString)
        .containsExactly(
            "colConfig.ini:2: [mysqll:3306] unknown section type \"mysqll\" (did you mean"
                + " \"mysql\"?)");
  }

  @Test
  void duplicateSectionAndKeyAndOrphanSettingAreErrors() {
    ConfigReport r = new ConfigReport();
    IniFile.parse("c.ini", "orphan=1\n[a]\nk=1\nk=2\n[a]\n", r);
    assertThat(r.errors())
        .extracting(Problem::toString)
        .containsExactly(
            "c.ini:1: orphan: setting outside any [section]",
            "c.ini:4: [a] k: duplicate key, first set at line 3",
            "c.ini:5: [a] duplicate section, first at line 2");
  }

  @Test
  void badValueNamesFileLineSectionAndKey() {
    ConfigReport r = new ConfigReport();
    IniFile ini =
        IniFile.parse("colConfig.ini", "[mysql:3306]\nlag_warning = 30\nrole = leader\n", r);
    Section s = ini.section("mysql:3306").orElseThrow();
    s.duration("lag_warning", java.time.Duration.ofSeconds(30));
    s.oneOf("role", "auto", "primary", "replica", "auto");
    assertThat(r.errors())
        .extracting(Problem::toString)
        .containsExactly(
            "colConfig.ini:2: [mysql:3306] lag_warning: expected a duration like \"30s\" (units ms,"
                + " s, m, h, d), got \"30\"",
            "colConfig.ini:3: [mysql:3306] role: expected one of primary, replica, auto, got"
                + " \"leader\"");
  }
}
