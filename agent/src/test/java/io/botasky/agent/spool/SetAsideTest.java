package io.botasky.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetAsideTest {
  @TempDir Path dir;

  @Test
  void keepsTwoGenerationsPerKindAndNoMore() throws IOException {
    SetAside s = new SetAside(dir.resolve("rejected"), 100);
    for (int i = 0; i < 10; i++) {
      s.append("metrics", "{\"batch\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}\n");
    }
    s.append("events", "{\"event\":1}\n");
    Path current = dir.resolve("rejected/metrics.jsonl");
    Path previous = dir.resolve("rejected/metrics.jsonl.1");
    assertThat(Files.readString(current, StandardCharsets.UTF_8)).contains("\"batch\":9");
    assertThat(Files.readString(previous, StandardCharsets.UTF_8))
        .contains("\"batch\":7")
        .doesNotContain("\"batch\":5");
    assertThat(Files.size(current)).isLessThanOrEqualTo(100 + 60);
    try (var files = Files.list(dir.resolve("rejected"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("metrics.jsonl", "metrics.jsonl.1", "events.jsonl");
    }
  }

  @Test
  void nothingToSetAsideWritesNothing() throws IOException {
    new SetAside(dir.resolve("rejected")).append("metrics", "");
    assertThat(dir.resolve("rejected")).doesNotExist();
  }
}
