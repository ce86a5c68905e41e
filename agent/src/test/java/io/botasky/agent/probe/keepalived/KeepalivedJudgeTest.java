package io.botasky.agent.probe.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepalivedJudgeTest {
  private static final KeepalivedSettings MASTER =
      new KeepalivedSettings(
          "10.99.0.100", "vrrp0", "master", "/usr/sbin/keepalived", Duration.ofSeconds(1));

  private static List<String> firing(KeepalivedJudge.Verdict v) {
    return v.outcomes().stream()
        .filter(o -> !o.ok())
        .map(o -> o.check() + ":" + o.severity())
        .toList();
  }

  @Test
  void liveMasterWithItsVipHoldsIt() {
    KeepalivedJudge.Verdict v =
        KeepalivedJudge.judge(
            MASTER, new KeepalivedFacts(10, "MASTER", null, true, null), "MASTER");
    assertThat(firing(v)).isEmpty();
    assertThat(v.holdsVip()).isTrue();
  }

  @Test
  void killedMasterLeavesAStaleVipThatIsNotHeld() {
    KeepalivedJudge.Verdict v =
        KeepalivedJudge.judge(
            MASTER,
            new KeepalivedFacts(
                -1, null, null, true, "no keepalived process runs in this network namespace"),
            "MASTER");
    assertThat(firing(v))
        .containsExactly("process_down:CRITICAL", "vip_lost:CRITICAL", "state_change:NOTE");
    assertThat(v.holdsVip()).isFalse();
    assertThat(v.outcomes().get(1).summary()).contains("stale");
  }

  @Test
  void faultWithoutVipIsVipLostButNotProcessDown() {
    KeepalivedJudge.Verdict v =
        KeepalivedJudge.judge(
            MASTER, new KeepalivedFacts(10, "FAULT", null, false, null), "MASTER");
    assertThat(firing(v)).containsExactly("vip_lost:CRITICAL", "state_change:NOTE");
    CheckOutcome note = v.outcomes().get(2);
    assertThat(note.summary()).isEqualTo("VRRP state MASTER -> FAULT");
    assertThat(note.severity()).isEqualTo(Severity.NOTE);
  }

  @Test
  void backupExpectationNeverRaisesVipLost() {
    KeepalivedSettings backup =
        new KeepalivedSettings("10.99.0.100", "vrrp0", "backup", "/x", Duration.ofSeconds(1));
    KeepalivedJudge.Verdict v =
        KeepalivedJudge.judge(backup, new KeepalivedFacts(10, "BACKUP", null, false, null), null);
    assertThat(firing(v)).isEmpty();
    assertThat(v.outcomes()).extracting(CheckOutcome::check).doesNotContain("vip_lost");
    assertThat(v.holdsVip()).isFalse();
  }

  @Test
  void anUnknownRoundIsNoStateChange() {
    KeepalivedJudge.Verdict v =
        KeepalivedJudge.judge(
            MASTER, new KeepalivedFacts(10, null, "no state dump: timeout", true, null), "BACKUP");
    assertThat(firing(v)).isEmpty();
    assertThat(v.state()).isEqualTo("UNKNOWN");
    assertThat(v.holdsVip()).as("alive with the VIP and not known to be BACKUP").isTrue();
  }
}
