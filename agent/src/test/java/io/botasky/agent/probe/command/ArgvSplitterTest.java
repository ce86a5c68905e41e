package io.botasky.agent.probe.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line split as a POSIX shell splits words, and nothing else a shell does. */
class ArgvSplitterTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("", List.of()),
        Arguments.of("   \t ", List.of()),
        Arguments.of(
            "/usr/lib/nagios/plugins/check_http -H 127.0.0.1 -u /health -w 0.5 -c 2",
            List.of(
                "/usr/lib/nagios/plugins/check_http",
                "-H",
                "127.0.0.1",
                "-u",
                "/health",
                "-w",
                "0.5",
                "-c",
                "2")),
        Arguments.of("a  \tb", List.of("a", "b")),
        Arguments.of("check_dummy 0 'all is well'", List.of("check_dummy", "0", "all is well")),
        Arguments.of("x \"two words\"", List.of("x", "two words")),
        Arguments.of("x 'it''s'", List.of("x", "its")),
        Arguments.of("x \"it's\"", List.of("x", "it's")),
        Arguments.of("x 'say \"hi\"'", List.of("x", "say \"hi\"")),
        Arguments.of("x a'b c'd", List.of("x", "ab cd")),
        Arguments.of("x '' \"\"", List.of("x", "", "")),
        Arguments.of("x a\\ b", List.of("x", "a b")),
        Arguments.of("x \\'q", List.of("x", "'q")),
        Arguments.of("x '\\n'", List.of("x", "\\n")),
        Arguments.of("x \"a\\\"b\\\\c\\$d\\`e\"", List.of("x", "a\"b\\c$d`e")),
        Arguments.of("x \"\\n\\t\"", List.of("x", "\\n\\t")),
        Arguments.of(
            "x $HOME * ; rm -rf / | cat & >out `id` $(id)",
            List.of(
                "x", "$HOME", "*", ";", "rm", "-rf", "/", "|", "cat", "&", ">out", "`id`",
                "$(id)")),
        Arguments.of("x #not-a-comment", List.of("x", "#not-a-comment")),
        Arguments.of("x ~/file", List.of("x", "~/file")));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void splitsLikeAShellWithoutExpanding(String line, List<String> argv) {
    assertThat(ArgvSplitter.split(line)).as(line).isEqualTo(argv);
  }

  @Test
  void anUnterminatedQuoteIsAnErrorSayingWhere() {
    assertThatThrownBy(() -> ArgvSplitter.split("check_x -s 'abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unterminated single quote (opened at column 12)");
    assertThatThrownBy(() -> ArgvSplitter.split("check_x \"abc\\\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unterminated double quote (opened at column 9)");
    assertThatThrownBy(() -> ArgvSplitter.split("check_x abc\\"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ends in a lone backslash (column 12)");
  }

  @Test
  void hostAndInstanceAreReplacedInsideWordsAfterTheSplit() {
    assertThat(
            ArgvSplitter.substitute(
                ArgvSplitter.split("check_http -H :host: -u '/:instance:/x' --label=:host:-a"),
                "web 1",
                "site"))
        .as("a host with a space stays one word")
        .containsExactly("check_http", "-H", "web 1", "-u", "/site/x", "--label=web 1-a");
  }
}
