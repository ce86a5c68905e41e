package io.botasky.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ProbeExceptionTest {
  @Test
  void aReadFailureNamesTheFileAndForPermissionsTheUser() {
    assertThat(
            ProbeException.reading("users", new AccessDeniedException("/var/log/wtmp"))
                .getMessage())
        .isEqualTo(
            "users: permission denied reading /var/log/wtmp (boagent runs as "
                + System.getProperty("user.name")
                + ")");
    assertThat(ProbeException.describe(new NoSuchFileException("/proc/meminfo")))
        .isEqualTo("/proc/meminfo does not exist");
    assertThat(
            ProbeException.describe(new FileSystemException("/mnt/nfs", null, "Stale file handle")))
        .isEqualTo("/mnt/nfs: Stale file handle");
    assertThat(ProbeException.describe(new IOException("/proc/stat: no cpu line")))
        .isEqualTo("/proc/stat: no cpu line");
    assertThat(ProbeException.describe(new IOException())).isEqualTo("java.io.IOException");
  }
}
