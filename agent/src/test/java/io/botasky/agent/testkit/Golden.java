package io.botasky.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with {@code src/test/resources/golden/<name>}. Run with {@code
 * -Dgolden.update=true} to rewrite the files after an intended change, then review the diff.
 */
public final class Golden {
  private static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  public static void assertMatches(String name, String actual) throws IOException {
    Path f = DIR.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(f.getParent());
      Files.writeString(f, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(f).as("golden file %s (create it with -Dgolden.update=true)", f).exists();
    assertThat(actual)
        .as("output vs golden file %s", f)
        .isEqualTo(Files.readString(f, StandardCharsets.UTF_8));
  }
}
