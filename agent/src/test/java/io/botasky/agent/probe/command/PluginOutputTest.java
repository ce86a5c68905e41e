package io.botasky.agent.probe.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The output of real plugins (captured from Debian's monitoring-plugins 2.3.3) and the examples of
 * the Monitoring Plugins development guidelines, then hostile output.
 */
class PluginOutputTest {

  private static List<String> labels(PluginOutput o) {
    return o.perfdata().items().stream().map(Perfdata::label).toList();
  }

  @Test
  void theGuidelinesMultiLineExample() {
    PluginOutput o =
        PluginOutput.parse(
            "DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n"
                + "/ 15272 MB (77%);\n"
                + "/boot 68 MB (69%);\n"
                + "/home 69357 MB (27%);\n"
                + "/var/log 819 MB (84%); | /boot=68MB;88;93;0;98\n"
                + "/home=69357MB;253404;253409;0;253414 \n"
                + "/var/log=818MB;970;975;0;980\n");
    assertThat(o.summary()).isEqualTo("DISK OK - free space: / 3326 MB (56%);");
    assertThat(labels(o)).containsExactly("/", "/boot", "/home", "/var/log");
    assertThat(o.perfdata().items().get(0))
        .isEqualTo(new Perfdata("/", 2643, "MB", "5948", "5958", 0.0, 5968.0));
    assertThat(o.perfdata().malformed()).isZero();
  }

  @Test
  void realPluginsOfDebian() {
    PluginOutput http =
        PluginOutput.parse(
            "HTTP OK: HTTP/1.1 200 OK - 853 bytes in 0.001 second response time "
                + "|time=0.000561s;0.500000;2.000000;0.000000 size=853B;;;0\n");
    assertThat(http.perfdata().items())
        .containsExactly(
            new Perfdata("time", 0.000561, "s", "0.500000", "2.000000", 0.0, null),
            new Perfdata("size", 853, "B", "", "", 0.0, null));
    PluginOutput load =
        PluginOutput.parse(
            "OK - load average: 0.10, 0.20, 0.30|load1=0.100;15.000;30.000;0; "
                + "load5=0.200;10.000;25.000;0; load15=0.300;5.000;20.000;0; \n");
    assertThat(labels(load)).containsExactly("load1", "load5", "load15");
    PluginOutput ping =
        PluginOutput.parse(
            "PING OK - Packet loss = 0%, RTA = 0.04 ms|rta=0.041000ms;100.000000;500.000000;"
                + "0.000000 pl=0%;20;60;0\n");
    assertThat(ping.perfdata().items().get(1))
        .isEqualTo(new Perfdata("pl", 0, "%", "20", "60", 0.0, null));
    PluginOutput procs = PluginOutput.parse("PROCS OK: 95 processes | procs=95;;;0;\n");
    assertThat(procs.perfdata().items())
        .containsExactly(new Perfdata("procs", 95, "", "", "", 0.0, null));
    PluginOutput tcp =
        PluginOutput.parse(
            "TCP OK - 0.000 second response time on 127.0.0.1 port 22|"
                + "time=0.000123s;;;0.000000;10.000000\n");
    assertThat(tcp.summary()).isEqualTo("TCP OK - 0.000 second response time on 127.0.0.1 port 22");
    assertThat(labels(tcp)).containsExactly("time");
  }

  @Test
  void quotedLabelsRangesUnitsAndUndeterminedValues() {
    PluginOutput o =
        PluginOutput.parse(
            "OK | 'disk usage /'=10%;@10:20;~:90 'it''s'=5c;10:;;; 'C:\\ drive'=1.5GB "
                + "lat=12us;;;-1e3;2.5E+2 jobs=U;1;2 cnt=U\n");
    assertThat(o.perfdata().items())
        .containsExactly(
            new Perfdata("disk usage /", 10, "%", "@10:20", "~:90", null, null),
            new Perfdata("it's", 5, "c", "10:", "", null, null),
            new Perfdata("C:\\ drive", 1.5, "GB", "", "", null, null),
            new Perfdata("lat", 12, "us", "", "", -1000.0, 250.0));
    assertThat(o.perfdata().undetermined()).isEqualTo(2);
    assertThat(o.perfdata().malformed()).isZero();
  }

  @Test
  void malformedItemsAreSkippedAndCountedAndTheRestKept() {
    PluginOutput o =
        PluginOutput.parse(
            "WARNING - mixed | good=1 noequals b= =3 bad=1x nan=NaN huge=1e999 "
                + "six=1;;;;;7 commas=0,5 rng=1;abc min=1;;;x after=2 'open=4 5\n");
    assertThat(labels(o)).containsExactly("good", "after");
    assertThat(o.perfdata().malformed()).isEqualTo(11);
    assertThat(o.perfdata().firstProblem()).isEqualTo("no \"=\" after the label: noequals");
    assertThat(o.summary()).isEqualTo("WARNING - mixed");
  }

  @Test
  void noPerfdataNoOutputAndATextWithoutBar() {
    assertThat(PluginOutput.parse(""))
        .isEqualTo(new PluginOutput("", new Perfdata.Parsed(List.of(), 0, 0, null)));
    PluginOutput o = PluginOutput.parse("OK: fine\nmore text\nand more\n");
    assertThat(o.summary()).isEqualTo("OK: fine");
    assertThat(o.perfdata().items()).isEmpty();
    assertThat(o.perfdata().malformed()).isZero();
  }

  @Test
  void tooManyItemsAreCountedNotKept() {
    StringBuilder b = new StringBuilder("OK |");
    for (int i = 0; i < 300; i++) {
      b.append(" m").append(i).append('=').append(i);
    }
    PluginOutput o = PluginOutput.parse(b.toString());
    assertThat(o.perfdata().items()).hasSize(PluginOutput.MAX_ITEMS);
    assertThat(o.perfdata().malformed()).isEqualTo(300 - PluginOutput.MAX_ITEMS);
  }

  @Test
  void binaryGarbageAndInvalidUtf8BecomeAReadableBoundedSummary() {
    byte[] garbage = {
      'O',
      'K',
      ' ',
      (byte) 0xff,
      (byte) 0xfe,
      0,
      0x1b,
      '[',
      '3',
      '1',
      'm',
      'r',
      'e',
      'd',
      0x07,
      (byte) 0xc3,
      '\t',
      'x',
      '\r',
      '\n',
      0,
      1,
      2
    };
    PluginOutput o = PluginOutput.parse(new String(garbage, StandardCharsets.UTF_8));
    assertThat(o.summary()).isEqualTo("OK \ufffd\ufffd[31mred\ufffd x");
    String huge = "x".repeat(100_000) + "|a=1";
    PluginOutput h = PluginOutput.parse(huge);
    assertThat(h.summary()).hasSize(PluginOutput.MAX_SUMMARY + 1).endsWith("…");
    assertThat(labels(h)).containsExactly("a");
    assertThat(PluginOutput.parse("\u202eevil\u2066 | a=1").summary()).isEqualTo("evil");
  }
}
