package io.botasky.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link CollectorReload#needsRestart}: the keys a reload reports instead of applying. */
class CollectorReloadTest {
  static PihealthdSettings conf(String text) {
    ConfigReport r = new ConfigReport();
    PihealthdSettings s =
        PihealthdSettings.from(Path.of("p.conf"), ConfFile.parse("p.conf", text, r), "h");
    assertThat(r.errors()).isEmpty();
    return s;
  }

  @Test
  void reloadableKeysNeedNoRestartOthersAreNamed() {
    PihealthdSettings a = conf("master = m\nclient_port = 8080\nhost_timeout = 30s\n");
    PihealthdSettings b =
        conf(
            "master = m\nclient_port = 8080\nhost_timeout = 60s\nhosts = x, y\n"
                + "retention_logs = 3d\nadmin_token = aaaaaaaaaaaaaaaaaaaa\n");
    assertThat(CollectorReload.needsRestart(a, b)).isEmpty();
    PihealthdSettings c = conf("master = n\nclient_port = 8081\nhost_timeout = 30s\n");
    assertThat(CollectorReload.needsRestart(a, c)).containsExactly("master", "client_port");
  }
}
