package io.botasky.agent.probe.mfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mfscli 3.0.117 outputs captured from the cluster of scripts/services/moosefs.sh, healthy and per
 * fault.
 */
class MfscliParserTest {
  private static String fixture(String name) throws IOException {
    try (InputStream in =
        MfscliParserTest.class.getResourceAsStream("/fixtures/mfs/3.0.117/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The three sections of one scenario as one mfscli -SIN -SCS -SMB run prints them. */
  private static MfsClusterStatus scenario(String name) throws IOException {
    return MfscliParser.parse(
        fixture(name + "-SIN.txt") + fixture(name + "-SCS.txt") + fixture(name + "-SMB.txt"));
  }

  private static List<String> firing(MfsClusterStatus s) {
    return MfsJudge.judge(s, 1, 1).stream().filter(o -> !o.ok()).map(CheckOutcome::check).toList();
  }

  @Test
  void healthyClusterInOneRun() throws IOException {
    MfsClusterStatus s = MfscliParser.parse(fixture("healthy-SIN-SCS-SMB.txt"));
    assertThat(s.masterFound()).isTrue();
    assertThat(s.masterState()).isEqualTo("-");
    assertThat(s.chunkservers()).containsExactly("10.99.1.1:9422");
    assertThat(s.metaloggers()).containsExactly("10.99.1.1");
    assertThat(s.info())
        .containsEntry("total space", 1073741824L)
        .containsKeys("avail space", "chunks", "all fs objects");
    assertThat(firing(s)).isEmpty();
    MfsClusterStatus separate = scenario("healthy");
    assertThat(separate.chunkservers()).isEqualTo(s.chunkservers());
    assertThat(separate.metaloggers()).isEqualTo(s.metaloggers());
  }

  @Test
  void killedChunkserverIsNamedAsDisconnected() throws IOException {
    MfsClusterStatus s = scenario("chunkserver-killed");
    assertThat(s.chunkservers()).isEmpty();
    assertThat(s.disconnected()).containsExactly("10.99.1.1:9422");
    assertThat(firing(s)).containsExactly("chunkserver_missing");
    assertThat(MfsJudge.judge(s, 1, 1).get(0).summary()).contains("disconnected: 10.99.1.1:9422");
  }

  @Test
  void killedMetaloggerLeavesAnEmptyList() throws IOException {
    MfsClusterStatus s = scenario("metalogger-killed");
    assertThat(s.metaloggers()).isEmpty();
    assertThat(firing(s)).containsExactly("metalogger_missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"master-killed-direct", "master-killed-forwarded"})
  void deadMasterIsNotFoundDespiteExitZero(String name) throws IOException {
    MfsClusterStatus s = scenario(name);
    assertThat(s.masterFound()).isFalse();
    assertThat(s.masterState()).isIn("DEAD", "BUSY");
  }

  @Test
  void expectationsOfZeroNeverFire() throws IOException {
    assertThat(MfsJudge.judge(scenario("chunkserver-killed"), 0, 0)).allMatch(CheckOutcome::ok);
  }
}
