package io.botasky.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.store.HostSql;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostWatchTest {
  @Test
  void onlyHostsSilentPastTheTimeoutAndNotAlreadyDown() {
    Map<String, HostState> hosts =
        Map.of(
            "fresh", new HostState(95_000, false, Set.of()),
            "silent", new HostState(60_000, false, Set.of()),
            "down", new HostState(10_000, true, Set.of()),
            "never", new HostState(0, false, Set.of()));
    assertThat(HostWatch.newlySilent(hosts, 100_000, 30_000, 50_000))
        .containsExactly("never", "silent");
  }

  @Test
  void silenceCountsFromTheCollectorsStartAtTheLatest() {
    Map<String, HostState> hosts = Map.of("old", new HostState(1_000, false, Set.of()));
    assertThat(HostWatch.newlySilent(hosts, 100_000, 30_000, 90_000)).isEmpty();
    assertThat(HostWatch.newlySilent(hosts, 121_000, 30_000, 90_000)).containsExactly("old");
  }

  @Test
  void splitBrainStartsWithTwoHoldersAndEndsWithOne() {
    SplitBrainDetector.Changes c =
        SplitBrainDetector.evaluate(
            Map.of("pi1", Set.of("10.0.0.100", "10.0.0.101"), "pi2", Set.of("10.0.0.100")),
            Set.of());
    assertThat(c.started()).containsOnlyKeys("10.0.0.100");
    assertThat(c.started().get("10.0.0.100")).isEqualTo(List.of("pi1", "pi2"));
    assertThat(c.ended()).isEmpty();
    assertThat(
            SplitBrainDetector.evaluate(
                    Map.of("pi1", Set.of("10.0.0.100"), "pi2", Set.of("10.0.0.100")),
                    Set.of("10.0.0.100"))
                .isEmpty())
        .isTrue();
    c = SplitBrainDetector.evaluate(Map.of("pi1", Set.of("10.0.0.100")), Set.of("10.0.0.100"));
    assertThat(c.ended()).containsExactly("10.0.0.100");
    assertThat(SplitBrainDetector.evaluate(Map.of(), Set.of("10.0.0.100")).ended())
        .containsExactly("10.0.0.100");
  }

  @Test
  void aDownHostWithAFreshHeartbeatIsBack() {
    Map<String, HostState> hosts =
        Map.of(
            "returned", new HostState(95_000, true, Set.of()),
            "still-silent", new HostState(10_000, true, Set.of()),
            "up", new HostState(95_000, false, Set.of()));
    assertThat(HostWatch.back(hosts, 100_000, 30_000)).containsExactly("returned");
  }

  @Test
  void theDatabaseSaysWhenAHostWasLastHeardOfAndWhetherItIsDown() {
    Map<String, HostState> memory =
        Map.of(
            "beat-elsewhere", new HostState(10_000, false, Set.of()),
            "beat-here-later", new HostState(99_000, false, Set.of("10.0.0.9")),
            "expected", new HostState(0, false, Set.of()),
            "other-partition", new HostState(5_000, false, Set.of()));
    List<HostSql.Seen> rows =
        List.of(
            new HostSql.Seen("beat-elsewhere", 98_000, Set.of("10.0.0.100")),
            new HostSql.Seen("beat-here-later", 90_000, Set.of()),
            new HostSql.Seen("downed-by-leader", 40_000, Set.of()),
            new HostSql.Seen("other-partition", 99_000, Set.of()));
    Map<String, HostState> st =
        HostWatch.fromDatabase(
            memory, rows, Set.of("downed-by-leader", "ghost"), h -> !h.equals("other-partition"));
    assertThat(st)
        .containsEntry("beat-elsewhere", new HostState(98_000, false, Set.of("10.0.0.100")))
        .containsEntry("beat-here-later", new HostState(99_000, false, Set.of("10.0.0.9")))
        .containsEntry("downed-by-leader", new HostState(40_000, true, Set.of()))
        .containsEntry("expected", new HostState(0, false, Set.of()))
        // host_down of an expected host that never reported: no row, still down.
        .containsEntry("ghost", new HostState(0, true, Set.of()))
        .doesNotContainKey("other-partition");
  }
}
