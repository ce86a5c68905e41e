package io.botasky.agent.probe.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lines out of bytes: partial lines carried, long lines cut, hostile bytes cleaned. */
class LineSplitterTest {
  private final List<String> out = new ArrayList<>();

  private List<String> feed(LineSplitter s, byte[] b) {
    s.feed(b, 0, b.length, out::add);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aLineSplitOverTwoReadsComesOutOnceWhole() {
    LineSplitter s = new LineSplitter(64);
    feed(s, utf8("first\nsec"));
    assertThat(out).containsExactly("first");
    feed(s, utf8("ond\r\n"));
    assertThat(out).containsExactly("first", "second");
  }

  @Test
  void aLineWithoutNewlineWaitsUntilTheFileIsFinished() {
    LineSplitter s = new LineSplitter(64);
    feed(s, utf8("tail without newline"));
    assertThat(out).isEmpty();
    s.finish(out::add);
    assertThat(out).containsExactly("tail without newline");
  }

  @Test
  void aLongLineIsCutAtTheLimitMarkedAndItsRestSkipped() {
    LineSplitter s = new LineSplitter(10);
    feed(s, utf8("0123456789abcdef"));
    feed(s, utf8("ghij\nnext\n"));
    assertThat(out).containsExactly("0123456789" + LineSplitter.CUT, "next");
  }

  @Test
  void aCutNeverSplitsAUtf8Character() {
    LineSplitter s = new LineSplitter(5);
    // "abcd" + é (2 bytes): the limit falls inside é, which is left out rather than mangled.
    feed(s, utf8("abcdé and more\n"));
    assertThat(out).containsExactly("abcd" + LineSplitter.CUT);
  }

  @Test
  void howTheBytesAreChunkedNeverChangesTheLines() {
    byte[] all =
        utf8(
            "short\r\n"
                + "x".repeat(40)
                + "\nünïcödé ✓ 树莓派\n\n\tindented\n"
                + "y".repeat(100)
                + "\nlast\n");
    List<String> whole = new ArrayList<>();
    new LineSplitter(32).feed(all, 0, all.length, whole::add);
    java.util.Random random = new java.util.Random(42);
    for (int round = 0; round < 200; round++) {
      LineSplitter s = new LineSplitter(32);
      List<String> got = new ArrayList<>();
      for (int i = 0; i < all.length; ) {
        int n = Math.min(all.length - i, 1 + random.nextInt(20));
        s.feed(all, i, n, got::add);
        i += n;
      }
      assertThat(got).as("round %d", round).isEqualTo(whole);
    }
    assertThat(whole)
        .containsExactly(
            "short",
            "x".repeat(32) + LineSplitter.CUT,
            "ünïcödé ✓ 树莓派",
            " indented",
            "y".repeat(32) + LineSplitter.CUT,
            "last");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "controls are removed | 61 1b 5b 33 31 6d 62 07 63 | a[31mbc",
        "a tab becomes a space | 61 09 62 | a b",
        "invalid UTF-8 is replaced | 61 ff 62 | a\uFFFDb",
        "a NUL-filled line is dropped | 00 00 00 |",
        "bidi controls are removed | 61 e2 80 ae 62 | ab",
      })
  void hostileBytesAreCleaned(String what, String hex, String expected) {
    String[] parts = hex.split(" ");
    byte[] b = new byte[parts.length + 1];
    for (int i = 0; i < parts.length; i++) {
      b[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    b[parts.length] = '\n';
    feed(new LineSplitter(64), b);
    if (expected == null) {
      assertThat(out).as(what).isEmpty();
    } else {
      assertThat(out).as(what).containsExactly(expected);
    }
  }
}
