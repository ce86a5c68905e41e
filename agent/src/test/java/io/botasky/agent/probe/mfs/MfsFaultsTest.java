package io.botasky.agent.probe.mfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.testkit.ServiceScript;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four MooseFS sections against the real cluster of {@code scripts/services/moosefs.sh} (in the
 * network namespace botasky-mfs; mfscli reaches the master through 127.0.0.1:19421). Each daemon is
 * killed in turn; the alert must fire, then clear once the script restarts it.
 */
class MfsFaultsTest {
  private static final ServiceScript MFS = new ServiceScript("moosefs");
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private final Probe master =
      probe(
          "[mfsmaster]\nhost = 127.0.0.1\nport = 19421\nexpect_chunkservers = 1\n"
              + "expect_metaloggers = 1\n");
  private final Probe chunkserver = probe("[mfschunkserver]\n");
  private final Probe metalogger = probe("[mfsmetalogger]\n");
  private final Probe cgiserv = probe("[mfscgiserv]\n");

  private static Probe probe(String ini) {
    var section = TestEnv.section(ini);
    return MfsProbeFactory.all().stream()
        .filter(f -> f.sectionType().equals(section.type()))
        .findFirst()
        .orElseThrow()
        .create(section, TestEnv.real());
  }

  private static AutoCloseable lease;

  @BeforeAll
  static void services() {
    lease = MFS.exclusive();
    MFS.start();
  }

  @AfterAll
  static void release() throws Exception {
    lease.close();
  }

  @AfterEach
  void repair() {
    MFS.start();
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              for (Probe p : new Probe[] {master, chunkserver, metalogger, cgiserv}) {
                assertThat(CollectingSink.round(p).failing()).as(p.id()).isEmpty();
              }
            });
  }

  @Test
  void healthyClusterRaisesNothingAndReportsSpace() {
    CollectingSink m = CollectingSink.round(master);
    assertThat(m.failing()).as("%s", m).isEmpty();
    assertThat(m.get("chunkserver_missing").ok()).isTrue();
    assertThat(m.get("metalogger_missing").ok()).isTrue();
    assertThat(m.samples().get("mfs.total_space_bytes")).isPositive();
    assertThat(m.samples()).containsEntry("mfs.chunkservers_connected", 1.0);
    for (Probe p : new Probe[] {chunkserver, metalogger, cgiserv}) {
      CollectingSink r = CollectingSink.round(p);
      assertThat(r.get("process_down").ok()).as("%s", r).isTrue();
      assertThat(r.get("process_down").instance()).isEqualTo(p.id());
    }
  }

  @Test
  void killedChunkserverIsProcessDownAndMissingAtTheMaster() {
    MFS.signal("chunkserver", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink m = CollectingSink.round(master);
              assertThat(m.firing("chunkserver_missing")).as("%s", m).isTrue();
              assertThat(m.get("chunkserver_missing").summary()).contains("10.99.1.1:9422");
              assertThat(m.get("chunkserver_missing").instance()).isEqualTo("mfsmaster");
            });
    assertThat(CollectingSink.round(chunkserver).firing("process_down")).isTrue();
  }

  @Test
  void killedMetaloggerIsProcessDownAndMissingAtTheMaster() {
    MFS.signal("metalogger", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink m = CollectingSink.round(master);
              assertThat(m.firing("metalogger_missing")).as("%s", m).isTrue();
            });
    assertThat(CollectingSink.round(metalogger).firing("process_down")).isTrue();
  }

  @Test
  void killedCgiservIsProcessDown() {
    MFS.signal("cgiserv", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink c = CollectingSink.round(cgiserv);
              assertThat(c.firing("process_down")).as("%s", c).isTrue();
              assertThat(c.get("process_down").instance()).isEqualTo("mfscgiserv");
            });
  }

  @Test
  void killedMasterIsProcessDown() {
    MFS.signal("master", "KILL");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              CollectingSink m = CollectingSink.round(master);
              assertThat(m.firing("process_down")).as("%s", m).isTrue();
              assertThat(m.get("process_down").instance()).isEqualTo("mfsmaster");
            });
    // Without the process check the mfscli text alone must tell: exit 0, but no working master.
    CollectingSink byCli =
        CollectingSink.round(probe("[mfsmaster]\nport = 19421\ncheck_process = false\n"));
    assertThat(byCli.firing("process_down")).as("%s", byCli).isTrue();
    assertThat(byCli.get("process_down").summary()).contains("no working master");
  }

  @Test
  void mfscliMissingFailsTheRoundNamingIt() {
    Probe p = probe("[mfsmaster]\nport = 19421\nmfscli = mfscli-not-installed\n");
    assertThatThrownBy(() -> p.run(new CollectingSink()))
        .isInstanceOf(ProbeException.class)
        .hasMessageContaining("mfscli-not-installed")
        .hasMessageContaining("moosefs-cli");
  }
}
