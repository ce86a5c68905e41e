package io.botasky.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.testkit.HostileConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any text through the flat and INI readers and every typed accessor: settings or problems that
 * name the file and line, never an exception.
 */
class ConfigTextProperties {
  private static final List<String> KEYS =
      List.of("port", "interval", "max", "path", "on", "mode", "list", "name");

  @Property
  void aFlatFileGivesSettingsOrProblemsWithFileAndLine(@ForAll("flatText") String text) {
    ConfigReport report = new ConfigReport();
    Section s = ConfFile.parse("test.conf", text, report);
    readEveryWay(s);
    s.finish();
    assertProblemsPlaced(report, text);
  }

  @Property
  void anIniFileGivesSectionsOrProblemsWithFileAndLine(@ForAll("iniText") String text) {
    ConfigReport report = new ConfigReport();
    IniFile ini = IniFile.parse("test.ini", text, report);
    for (Section s : ini.sections()) {
      assertThat(s.type()).isNotNull();
      readEveryWay(s);
      s.finish();
    }
    ini.requireTypes(List.of("agent", "system", "mysql"));
    assertProblemsPlaced(report, text);
  }

  @Property(tries = 200)
  void anyBytesOnDiskGiveSettingsOrAConfigException(@ForAll("bytes") byte[] bytes)
      throws IOException {
    Path f = Files.createTempFile("props", ".conf");
    try {
      Files.write(f, bytes);
      ConfigReport report = new ConfigReport();
      try {
        readEveryWay(ConfFile.read(f, report));
        IniFile.read(f, report);
      } catch (ConfigException e) {
        assertThat(e.problems())
            .isNotEmpty()
            .allSatisfy(p -> assertThat(p.source().file()).isEqualTo(f.toString()));
      }
    } finally {
      Files.delete(f);
    }
  }

  @Property
  void acceptedNumbersAreWrittenInPlainAsciiDecimals(@ForAll("flatText") String text) {
    ConfigReport report = new ConfigReport();
    Section s = ConfFile.parse("test.conf", text, report);
    int before = report.errors().size();
    s.intIn("port", 1, -1000, 65535);
    s.entry("port")
        .filter(e -> report.errors().size() == before)
        .ifPresent(e -> assertThat(e.value()).as("accepted as a whole number").matches("-?[0-9]+"));
    int between = report.errors().size();
    s.decimal("name", 1.0, -1e9, 1e9);
    s.entry("name")
        .filter(e -> report.errors().size() == between)
        .ifPresent(
            e ->
                assertThat(e.value())
                    .as("accepted as a number")
                    .matches("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)"));
  }

  private static void readEveryWay(Section s) {
    s.intIn("port", 1, 0, 65535);
    s.duration("interval", java.time.Duration.ofSeconds(1));
    s.size("max", 1024);
    s.path("path", "/tmp");
    s.bool("on", false);
    s.oneOf("mode", "a", "a", "b");
    s.list("list");
    s.decimal("name", 1.0, 0, 100);
    s.required("name");
  }

  private static void assertProblemsPlaced(ConfigReport report, String text) {
    long lines = text.lines().count() + 1;
    for (Problem p : report.all()) {
      assertThat(p.source().file()).startsWith("test.");
      assertThat(p.source().line()).isBetween(0, (int) Math.max(lines, text.length() + 1));
      assertThat(p.message()).isNotBlank();
      assertThat(p.toString()).startsWith(p.source().toString());
    }
  }

  @Provide
  Arbitrary<String> flatText() {
    return HostileConfig.configText(List.of(), KEYS);
  }

  @Provide
  Arbitrary<String> iniText() {
    return HostileConfig.configText(
        List.of("agent", "system", "mysql:3306", "mysql 3307", "mysqll:1"), KEYS);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
        HostileConfig.configText(List.of(), KEYS)
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
