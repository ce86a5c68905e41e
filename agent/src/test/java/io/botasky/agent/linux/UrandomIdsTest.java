package io.botasky.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version-4 ids from the random device; a missing or short source falls back, never fails. */
class UrandomIdsTest {
  @TempDir Path tmp;

  @Test
  void theBitsOfAVersionFourUuid() throws Exception {
    Path fixture =
        Files.write(
            tmp.resolve("random"),
            new byte[] {
              (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                  (byte) 0xff,
              (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                  (byte) 0xff,
              (byte) 0xff, (byte) 0xff
            });
    UUID id = new UrandomIds(fixture).get();
    assertThat(id.toString()).isEqualTo("ffffffff-ffff-4fff-bfff-ffffffffffff");
    assertThat(UrandomIds.fromBytes(new byte[16]).toString())
        .isEqualTo("00000000-0000-4000-8000-000000000000");
  }

  @Test
  void theRealDeviceGivesDistinctVersionFourIds() {
    UrandomIds ids = new UrandomIds(Path.of("/dev/urandom"));
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      UUID id = ids.get();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      seen.add(id);
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void aMissingOrShortSourceFallsBack() throws Exception {
    assertThat(new UrandomIds(tmp.resolve("none")).get().version()).isEqualTo(4);
    Path shortOne = Files.write(tmp.resolve("short"), new byte[3]);
    assertThat(new UrandomIds(shortOne).get().version()).isEqualTo(4);
  }
}
