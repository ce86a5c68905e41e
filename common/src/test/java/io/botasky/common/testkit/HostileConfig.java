package io.botasky.common.testkit;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for text an operator, a careless editor or an attacker could put in a
 * configuration file: control characters and NUL, bidi and line-separator characters, a BOM,
 * non-ASCII digits, huge and negative numbers, unbalanced quotes and brackets, overlong lines.
 *
 * <p>Config texts are assembled from lines that mostly look right (known sections and keys) so that
 * the generated files reach the typed accessors and the checks behind them, not only the lexer.
 */
public final class HostileConfig {
  private HostileConfig() {}

  /**
   * Characters that have broken or fooled parsers somewhere: C0/C1 controls, NUL, bidi, separators.
   */
  public static final String NASTY_CHARS =
      "\u0000\u0001\u0007\b\t\u000b\f\r"
          + "\u001b\u007f\u0085\u009b\u00a0\u2028\u2029\u200b\u200e\u202a\u202e\u2066\u2069"
          + "\ufeff\ufffd";

  /**
   * Digits that {@code Character.isDigit} and {@code Integer.parseInt} accept but a reader does not
   * expect.
   */
  public static final String FOREIGN_DIGITS =
      "\u0660\u0663\u0669\u06f5\u0966\u09e7\uff10\uff11\uff19";

  /**
   * One character from everywhere: ASCII, the nasty set, foreign digits, letters, an emoji half.
   */
  public static Arbitrary<Character> hostileChar() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(10, Arbitraries.chars().range(' ', '~')),
        net.jqwik.api.Tuple.of(3, Arbitraries.of(chars(NASTY_CHARS))),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(chars(FOREIGN_DIGITS))),
        net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u00c0', '\u024f')),
        net.jqwik.api.Tuple.of(1, Arbitraries.of('\ud83d', '\ude00', '\udfff')),
        net.jqwik.api.Tuple.of(1, Arbitraries.chars()));
  }

  /** Short strings of {@link #hostileChar()}. */
  public static Arbitrary<String> hostileString(int maxLength) {
    return hostileChar().list().ofMaxSize(maxLength).map(HostileConfig::join);
  }

  /** Numbers as text: small, boundary, huge, signed, decimal, exponent, foreign digits, padded. */
  public static Arbitrary<String> numberText() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-5, 70_000).map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of(
            "0",
            "-0",
            "+1",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999999",
            "1e400",
            "-1e400",
            "NaN",
            "Infinity",
            "0x10",
            "1_000",
            "1.5",
            ".5",
            "5.",
            "\u0663",
            "\uff11\uff10",
            "00000000000000000000001",
            " 7 ",
            "\u20007"),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40));
  }

  /** Values for durations and sizes: valid forms, overflows, foreign digits, bad units. */
  public static Arbitrary<String> unitText() {
    Arbitrary<String> unit =
        Arbitraries.of("ms", "s", "m", "h", "d", "w", "", "K", "M", "G", "T", "KiB", "MB", "x");
    return Arbitraries.oneOf(
        Combinators.combine(numberText(), Arbitraries.of("", " "), unit)
            .as((n, sp, u) -> n + sp + u),
        Arbitraries.of(
            "999999999999d",
            "999999999999h",
            "106751991167d",
            "106751991168d",
            "292471208677y",
            "999999999999999T",
            "8388607T",
            "8388608T",
            "\u0661s",
            "5\u0000s",
            "5s\u0000"));
  }

  /** Paths: plain, relative, with ~, with NUL, overlong, with control characters. */
  public static Arbitrary<String> pathText() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "/var/log/x.log",
            "relative/file",
            "~",
            "~/log/a.log",
            "~user/x",
            "/",
            "",
            ".",
            "..",
            "/tmp/a\u0000b",
            "\u0000",
            "/tmp/\u202eevil",
            "C:\\x",
            "/tmp/" + "a".repeat(5000)),
        hostileString(30).map(s -> "/tmp/" + s));
  }

  /** Any value: one of the typed shapes above, a URL, a quoted string, or hostile text. */
  public static Arbitrary<String> valueText() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, numberText()),
        net.jqwik.api.Tuple.of(3, unitText()),
        net.jqwik.api.Tuple.of(2, pathText()),
        net.jqwik.api.Tuple.of(
            1, Arbitraries.of("true", "false", "yes", "YES", "tr\u0130e", "on", "1", "2")),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.of(
                "redis://h:6379/0",
                "redis://",
                "redis://[::1",
                "http://x",
                "jdbc:mysql://h/db",
                "jdbc:mysql://\u0000",
                "a@b",
                "@",
                "x@y\r\nBcc: z",
                "%zz",
                "redis://h:99999/0")),
        net.jqwik.api.Tuple.of(1, hostileString(20).map(s -> "\"" + s + "\"")),
        net.jqwik.api.Tuple.of(1, hostileString(20).map(s -> "\"" + s)),
        net.jqwik.api.Tuple.of(2, hostileString(40)),
        net.jqwik.api.Tuple.of(1, hostileChar().map(c -> String.valueOf(c).repeat(5_000))));
  }

  /**
   * A whole configuration text: known and unknown sections and keys, hostile values, comments,
   * blank and garbage lines, any line ending.
   *
   * @param sections section names to use (empty for a flat file; then a header appears only rarely)
   * @param keys key names to use
   */
  public static Arbitrary<String> configText(List<String> sections, List<String> keys) {
    Arbitrary<String> key =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.of(keys)),
            net.jqwik.api.Tuple.of(1, hostileString(12)));
    Arbitrary<String> setting =
        Combinators.combine(key, Arbitraries.of("=", " = ", "==", "= "), valueText())
            .as((k, eq, v) -> k + eq + v);
    Arbitrary<String> header =
        sections.isEmpty()
            ? Arbitraries.of("[agent]", "[", "[]")
            : Arbitraries.oneOf(
                Arbitraries.of(sections).map(s -> "[" + s + "]"),
                hostileString(12).map(s -> "[" + s + "]"),
                Arbitraries.of("[", "[]", "[ ]", "[a]b", "[x:]", "[:y]"));
    Arbitrary<String> line =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(sections.isEmpty() ? 1 : 4, header),
            net.jqwik.api.Tuple.of(12, setting),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.of("", "   ", "# comment", "; comment", "\t#", "\ufeff")),
            net.jqwik.api.Tuple.of(2, hostileString(30)));
    Arbitrary<String> eol = Arbitraries.of("\n", "\n", "\n", "\r\n", "\r", "\u0085", "\u2028");
    return Combinators.combine(line, eol)
        .as((l, e) -> l + e)
        .list()
        .ofMaxSize(25)
        .map(l -> String.join("", l));
  }

  private static Character[] chars(String s) {
    return s.chars().mapToObj(c -> (char) c).toArray(Character[]::new);
  }

  private static String join(List<Character> cs) {
    StringBuilder sb = new StringBuilder(cs.size());
    cs.forEach(sb::append);
    return sb.toString();
  }
}
