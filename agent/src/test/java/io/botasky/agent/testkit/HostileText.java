package io.botasky.agent.testkit;

import io.botasky.common.testkit.HostileConfig;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators for what the agent reads from outside: /proc files, command output (mfscli,
 * keepalived dumps, MySQL and Redis replies), with control characters, NUL, bidi characters, huge
 * and non-ASCII numbers, missing and extra fields, and overlong lines.
 *
 * <p>Most generators take a few well-formed sample lines and mutate them (drop, duplicate, splice
 * hostile tokens), so the parsers' deeper branches are reached and not only their first check.
 */
public final class HostileText {
  private HostileText() {}

  /** Hostile characters only (see {@link HostileConfig#hostileChar()}). */
  public static Arbitrary<String> string(int maxLength) {
    return HostileConfig.hostileString(maxLength);
  }

  /** A token that may stand where a number is expected. */
  public static Arbitrary<String> number() {
    return HostileConfig.numberText();
  }

  /** One token: a number, a word, a hostile string, or nothing. */
  public static Arbitrary<String> token() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, number()),
        Tuple.of(2, Arbitraries.strings().alpha().ofMaxLength(8)),
        Tuple.of(2, string(10)),
        Tuple.of(
            1,
            Arbitraries.of("", " ", ":", "=", "|", "-", "(", ")", "\t", "0x", "%", "\"", "{", "}")),
        Tuple.of(1, Arbitraries.of("a").map(a -> a.repeat(5_000))));
  }

  /** Any text made of lines: mutated {@code samples} mixed with hostile lines and tokens. */
  public static Arbitrary<String> lines(List<String> samples) {
    Arbitrary<String> mutated =
        Combinators.combine(Arbitraries.of(samples), token(), Arbitraries.integers().between(0, 5))
            .as(HostileText::mutate);
    Arbitrary<String> line =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of(samples)),
            Tuple.of(6, mutated),
            Tuple.of(1, string(40)),
            Tuple.of(1, token().list().ofMaxSize(8).map(t -> String.join(" ", t))));
    Arbitrary<String> eol = Arbitraries.of("\n", "\n", "\n", "\r\n", "\r", "\u0000", "");
    return Combinators.combine(line, eol)
        .as((l, e) -> l + e)
        .list()
        .ofMaxSize(30)
        .map(l -> String.join("", l));
  }

  /** A sample line with one change: a field replaced, removed, doubled, or cut short. */
  static String mutate(String sample, String token, int how) {
    String[] f = sample.split("(?<=[\\s:=|,])|(?=[\\s:=|,])", -1);
    if (f.length == 0) {
      return token;
    }
    int i = Math.floorMod((sample.hashCode() + token.hashCode()), f.length);
    switch (how) {
      case 0 -> f[i] = token;
      case 1 -> f[i] = "";
      case 2 -> f[i] = f[i] + f[i];
      case 3 -> {
        return sample.substring(0, Math.floorMod(token.hashCode(), sample.length() + 1));
      }
      case 4 -> f[i] = f[i] + token;
      default -> f[i] = token + f[i];
    }
    return String.join("", f);
  }
}
