package io.botasky.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every read of /proc and /sys goes through an injected root (house style 2.4): no main source may
 * name them as a string literal, or tests on fixture trees would silently read the real host.
 */
class NoLiteralRootsTest {
  private static final Pattern LITERAL = Pattern.compile("\"/(proc|sys)(/|\")");

  @Test
  void noMainSourceNamesProcOrSysLiterally() throws IOException {
    List<String> offenders;
    try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
      offenders =
          s.filter(p -> p.toString().endsWith(".java"))
              .filter(
                  p -> {
                    try {
                      return LITERAL.matcher(Files.readString(p)).find();
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
    }
    assertThat(offenders).as("sources with a literal /proc or /sys path").isEmpty();
  }
}
