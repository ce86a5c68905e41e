package io.botasky.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Every character class SafeText must neutralise, and what it must leave alone. */
class SafeTextTest {
  /** The strings an attacker would send: forged lines, terminal escapes, bidi overrides. */
  static final String[] HOSTILE = {
    "10.9.9.9\r\n2026-11-21T10:00:00.000Z FIRING CRITICAL FORGED\u001b[31m",
    "ok\u001b]0;title\u0007\u001b[2J",
    "line\u2028next\u2029para",
    "admin\u202egnp.exe",
    "csi\u009b31m c1",
    "nul\u0000del\u007f",
    "isolate\u2066x\u2069 mark\u200e\u200f alm\u061c",
    "lone \ud800 surrogate",
  };

  @Test
  void backslashIsKept() {
    // A literal backslash stays as it is: paths and regexes in messages stay readable.
    assertThat(SafeText.line("C:\\temp a\\nb")).isEqualTo("C:\\temp a\\nb");
  }

  @Test
  void escapesEachClass() {
    assertThat(SafeText.line("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
    assertThat(SafeText.line("\u001b[31mred")).isEqualTo("\\x1b[31mred");
    assertThat(SafeText.line("x\u0000y\u007fz")).isEqualTo("x\\x00y\\x7fz");
    assertThat(SafeText.line("c1 \u0085 \u009b")).isEqualTo("c1 \\x85 \\x9b");
    assertThat(SafeText.line("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
    assertThat(SafeText.line("\u202a\u202b\u202c\u202d\u202e"))
        .isEqualTo("\\u202a\\u202b\\u202c\\u202d\\u202e");
    assertThat(SafeText.line("\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
        .isEqualTo("\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c");
    assertThat(SafeText.line("x\ud800y")).isEqualTo("x\\ud800y");
  }

  @Test
  void keepsWhatIsHarmless() {
    String s = "ünïcode °C 中文 😀 \\ \" ' C:\\temp a^b $x";
    assertThat(SafeText.line(s)).isSameAs(s);
    assertThat(SafeText.isSafeLine(s)).isTrue();
    assertThat(SafeText.line(null)).isNull();
  }

  @Test
  void clippedLineNeverEndsInsideAnEscape() {
    assertThat(SafeText.line("abcdef", 10)).isEqualTo("abcdef");
    assertThat(SafeText.line("abcdef", 3)).isEqualTo("abc…");
    assertThat(SafeText.line("ab\u001bcd", 4)).isEqualTo("ab…");
    assertThat(SafeText.line("ab\u001bcd", 6)).isEqualTo("ab\\x1b…");
    assertThat(SafeText.line("a\u2028b", 5)).isEqualTo("a…");
    assertThat(SafeText.line("a\nb", 2)).isEqualTo("a…");
    assertThat(SafeText.line("😀😀😀", 2)).isEqualTo("😀😀…");
    assertThat(SafeText.line("x".repeat(1000) + "\u001b", 256).codePointCount(0, 257))
        .isEqualTo(257);
  }

  @Test
  void linesKeepsNewlinesAndTabsOnly() {
    assertThat(SafeText.lines("a\n\tb\r\nc\u001b[1m\u2028"))
        .isEqualTo("a\n\tb\\r\nc\\x1b[1m\\u2028");
  }

  @Test
  void noHostileStringKeepsAControl() {
    for (String h : HOSTILE) {
      String out = SafeText.line(h);
      assertThat(out.codePoints().filter(SafeText::needsEscape).count()).as(out).isZero();
      assertThat(out).as(out).doesNotContain("\n", "\r", "\u001b", "\u009b", "\u2028", "\u202e");
      assertThat(
              SafeText.lines(h)
                  .codePoints()
                  .filter(c -> c != '\n' && c != '\t' && SafeText.needsEscape(c))
                  .count())
          .isZero();
    }
  }

  @Test
  void jsonEscapesStayValidJson() throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode n = m.createObjectNode();
    for (int i = 0; i < HOSTILE.length; i++) {
      n.put("k" + i, HOSTILE[i]);
    }
    String out =
        m.writer().with(new SafeJsonEscapes()).withDefaultPrettyPrinter().writeValueAsString(n);
    assertThat(out.chars().filter(c -> c != '\n' && SafeText.needsEscape(c)).count())
        .as(out)
        .isZero();
    assertThat(m.readTree(out)).isEqualTo(n);
    assertThat(out).contains("\\u001B", "\\u009B", "\\u2028", "\\u202E", "\\u007F");
  }
}
