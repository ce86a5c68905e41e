package io.botasky.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The peer poll's watermark (docs/collector.md, "Several collectors"): starts at the collector's
 * start, reads again over the overlap, tells each row version once, forgets what left the overlap.
 */
class PeerWindowTest {
  record Row(long id, long at) {}

  private final PeerWindow w = new PeerWindow(10_000, 5_000);

  private List<Row> admit(boolean full, Row... rows) {
    return w.admit(List.of(rows), r -> r.id() + "@" + r.at(), Row::at, full);
  }

  @Test
  void startsAtStartSoNoHistoryIsReplayed() {
    assertThat(w.since()).isEqualTo(10_000);
    assertThat(admit(false, new Row(1, 9_999), new Row(2, 10_000)))
        .containsExactly(new Row(2, 10_000));
  }

  @Test
  void theOverlapIsReadAgainButEachVersionIsToldOnce() {
    assertThat(admit(false, new Row(1, 11_000), new Row(2, 16_000))).hasSize(2);
    assertThat(w.since()).as("newest seen less the overlap").isEqualTo(11_000);
    // Row 3 was stamped before row 2 but committed after it: the overlap still finds it.
    assertThat(admit(false, new Row(1, 11_000), new Row(3, 14_000), new Row(2, 16_000)))
        .containsExactly(new Row(3, 14_000));
    // A new version of row 1 is news again.
    assertThat(admit(false, new Row(3, 14_000), new Row(2, 16_000), new Row(1, 17_000)))
        .containsExactly(new Row(1, 17_000));
  }

  @Test
  void keysLeaveWithTheOverlapAndTheMarkNeverGoesBack() {
    admit(false, new Row(1, 11_000), new Row(2, 12_000));
    admit(false, new Row(3, 30_000));
    assertThat(w.since()).isEqualTo(25_000);
    assertThat(w.remembered()).isEqualTo(1);
    assertThat(admit(false)).isEmpty();
    assertThat(w.since()).as("an empty read keeps the mark").isEqualTo(25_000);
    assertThat(admit(false, new Row(4, 20_000))).as("older than the overlap").isEmpty();
  }

  @Test
  void aFullReadMovesOnWithoutTheOverlapSoABacklogIsNotReadForever() {
    admit(true, new Row(1, 11_000), new Row(2, 12_000));
    assertThat(w.since()).isEqualTo(12_000);
    assertThat(admit(true, new Row(2, 12_000), new Row(3, 12_000)))
        .containsExactly(new Row(3, 12_000));
    assertThat(admit(false, new Row(2, 12_000), new Row(3, 12_000), new Row(4, 13_000)))
        .containsExactly(new Row(4, 13_000));
    assertThat(w.since()).as("never back below a full read's last time").isEqualTo(12_000);
  }

  @Test
  void thePollRunsUnlessThisCollectorIsTheOnlyOneAlive() {
    assertThat(PeerCommits.othersAlive(0)).as("collectors not registered: poll anyway").isTrue();
    assertThat(PeerCommits.othersAlive(1)).as("alone").isFalse();
    assertThat(PeerCommits.othersAlive(2)).isTrue();
  }
}
