package io.botasky.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.wire.WireCodec;
import io.botasky.common.wire.HeartbeatAnswer;
import io.botasky.common.wire.ServiceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The heartbeat's inventory: full first, then short forms against what the collector holds. */
class InventoryReportTest {
  private final InventoryReport report = new InventoryReport(new WireCodec());

  private static ServiceEntry entry(String resource, String instance, String state, long check) {
    return new ServiceEntry(
        null,
        resource,
        instance,
        "dev",
        state,
        state.equals("ok") ? "" : "why",
        check,
        10,
        List.of("restart"),
        false);
  }

  private static List<ServiceEntry> list(long check, String redisState) {
    return List.of(
        entry("system", "", "ok", check),
        entry("redis", "6379", redisState, check + 1),
        entry("mysql", "3306", "ok", check + 2));
  }

  /** The base after the collector acknowledged {@code beat}. */
  private InventoryReport.Base acked(InventoryReport.Beat beat) {
    InventoryReport.Next n =
        InventoryReport.after(beat, Optional.of(new HeartbeatAnswer(true, beat.hash(), false)));
    assertThat(n.sendNow()).isFalse();
    return n.base();
  }

  @Test
  void theFirstBeatIsFull() {
    InventoryReport.Beat b = report.beat(list(1000, "ok"), InventoryReport.Base.NONE);
    assertThat(b.full()).isTrue();
    assertThat(b.services()).isEqualTo(list(1000, "ok"));
    assertThat(b.baseHash()).isNull();
    assertThat(b.checks()).isNull();
    assertThat(b.changed()).isNull();
    assertThat(b.hash()).matches("[0-9a-f]{16}");
  }

  @Test
  void unchangedIsShortWithEmptyChangedAndTheChecks() {
    InventoryReport.Base base = acked(report.beat(list(1000, "ok"), InventoryReport.Base.NONE));
    InventoryReport.Beat b = report.beat(list(5000, "ok"), base);
    assertThat(b.full()).isFalse();
    assertThat(b.services()).isNull();
    assertThat(b.baseHash()).isEqualTo(base.hash());
    assertThat(b.hash()).isEqualTo(base.hash());
    assertThat(b.checks()).containsExactly(5000L, 5001L, 5002L);
    assertThat(b.changed()).isEmpty();
  }

  @Test
  void oneStateChangeIsOneChangedEntryAtItsIndex() {
    InventoryReport.Base base = acked(report.beat(list(1000, "ok"), InventoryReport.Base.NONE));
    InventoryReport.Beat b = report.beat(list(2000, "critical"), base);
    assertThat(b.full()).isFalse();
    assertThat(b.changed()).containsExactly(entry("redis", "6379", "critical", 2001).withIndex(1));
    assertThat(b.hash()).isNotEqualTo(base.hash());
    // Acknowledged: the changed list is the new base, and the next beat is short and empty again.
    InventoryReport.Base next = acked(b);
    assertThat(report.beat(list(3000, "critical"), next).changed()).isEmpty();
  }

  @Test
  void aChangedListOfServicesIsFull() {
    InventoryReport.Base base = acked(report.beat(list(1000, "ok"), InventoryReport.Base.NONE));
    List<ServiceEntry> fewer = list(2000, "ok").subList(0, 2);
    assertThat(report.beat(fewer, base).full()).isTrue();
    List<ServiceEntry> swapped = new ArrayList<>(list(2000, "ok"));
    swapped.set(2, entry("mysql", "3307", "ok", 2002));
    assertThat(report.beat(swapped, base).full()).isTrue();
  }

  @Test
  void resendOrAnotherHashMakesTheNextBeatFullAndSentAtOnceAfterAShortOne() {
    InventoryReport.Base base = acked(report.beat(list(1000, "ok"), InventoryReport.Base.NONE));
    InventoryReport.Beat shortBeat = report.beat(list(2000, "ok"), base);
    InventoryReport.Next resend =
        InventoryReport.after(shortBeat, Optional.of(new HeartbeatAnswer(true, null, true)));
    assertThat(resend.sendNow()).isTrue();
    assertThat(report.beat(list(2000, "ok"), resend.base()).full()).isTrue();
    InventoryReport.Next other =
        InventoryReport.after(
            shortBeat, Optional.of(new HeartbeatAnswer(true, "0123456789abcdef", false)));
    assertThat(other.sendNow()).isTrue();
    assertThat(other.base()).isEqualTo(InventoryReport.Base.NONE);
    // A full beat answered the same way waits for the next beat: no loop with a confused collector.
    InventoryReport.Beat full = report.beat(list(2000, "ok"), InventoryReport.Base.NONE);
    assertThat(
            InventoryReport.after(full, Optional.of(new HeartbeatAnswer(true, null, true)))
                .sendNow())
        .isFalse();
  }

  @Test
  void aCollectorWithoutTheInventoryGetsTheFullListEveryTime() {
    InventoryReport.Beat full = report.beat(list(1000, "ok"), InventoryReport.Base.NONE);
    InventoryReport.Next n =
        InventoryReport.after(full, Optional.of(new HeartbeatAnswer(true, null, false)));
    assertThat(n).isEqualTo(new InventoryReport.Next(InventoryReport.Base.NONE, false));
    assertThat(InventoryReport.after(full, Optional.empty()).base())
        .isEqualTo(InventoryReport.Base.NONE);
    assertThat(report.beat(list(2000, "ok"), n.base()).full()).isTrue();
  }

  @Test
  void theHashIsStableAcrossRunsAndIgnoresTheTimesOfTheChecks() {
    String h = new InventoryReport(new WireCodec()).hash(list(1000, "ok"));
    assertThat(report.hash(list(99_999, "ok"))).isEqualTo(h);
    assertThat(report.hash(list(1000, "warning"))).isNotEqualTo(h);
    // Pinned: a change of the canonical form changes every agent's hash, and must be deliberate.
    assertThat(report.hash(List.of())).isEqualTo("09612b07b5ecb5a5");
    assertThat(h)
        .isEqualTo(
            java.util.HexFormat.of()
                .toHexDigits(
                    InventoryReport.fnv1a64(
                        canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  @Test
  void fnv1a64GivesThePublishedValues() {
    assertThat(hex("")).isEqualTo("cbf29ce484222325");
    assertThat(hex("a")).isEqualTo("af63dc4c8601ec8c");
    assertThat(hex("foobar")).isEqualTo("85944171f73967e8");
  }

  private static String hex(String s) {
    return java.util.HexFormat.of()
        .toHexDigits(InventoryReport.fnv1a64(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static String canonical() {
    String e =
        "{\"resource\":\"%s\",\"instance\":\"%s\",\"group\":\"dev\",\"state\":\"ok\",\"summary\":\"\","
            + "\"last_check\":0,\"interval\":10,\"actions\":[\"restart\"],\"protected\":false}";
    return "["
        + String.format(e, "system", "")
        + ","
        + String.format(e, "redis", "6379")
        + ","
        + String.format(e, "mysql", "3306")
        + "]";
  }
}
