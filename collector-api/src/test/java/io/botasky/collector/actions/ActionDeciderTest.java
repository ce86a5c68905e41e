package io.botasky.collector.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.store.ActionStore.ActionRow;
import io.botasky.collector.store.HostInventory;
import io.botasky.collector.store.Service;
import io.botasky.common.wire.ServiceEntry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionDeciderTest {
  static final HostInventory INV =
      new HostInventory(
          "00000000000000a1",
          List.of(
              service("redis", "6379", List.of("restart"), false, 0),
              service("process", "sshd", List.of("restart"), true, 1)));

  static Service service(String res, String inst, List<String> actions, boolean prot, int pos) {
    return new Service(
        "pi3",
        new ServiceEntry(null, res, inst, "", "ok", "", 0, 60, actions, prot),
        pos,
        0,
        new Service.Derived("ok", 0, false, ""));
  }

  static ActionRow row(String state, Long started) {
    return new ActionRow(
        7, "u", "pi3", "redis", "6379", "restart", "alice", null, state, null, 1000, started, null,
        null, null, null, "api");
  }

  static ActionDecider.Report report(String state, long at) {
    return new ActionDecider.Report(
        7L,
        null,
        null,
        null,
        null,
        null,
        state,
        state.equals("running") ? null : 1,
        "out",
        state.equals("refused") ? "not offered" : null,
        at);
  }

  @Test
  void refusalsComeInOrder() {
    assertThat(ActionDecider.refusal(HostInventory.EMPTY, "x", "redis", "6379", "restart"))
        .map(ActionDecider.Refusal::status)
        .contains(404);
    assertThat(ActionDecider.refusal(INV, "pi3", "redis", "6380", "restart"))
        .map(ActionDecider.Refusal::status)
        .contains(404);
    assertThat(ActionDecider.refusal(INV, "pi3", "process", "sshd", "restart"))
        .map(ActionDecider.Refusal::status)
        .contains(403);
    assertThat(ActionDecider.refusal(INV, "pi3", "redis", "6379", "start"))
        .map(ActionDecider.Refusal::field)
        .contains("action");
    assertThat(ActionDecider.refusal(INV, "pi3", "redis", "6379", "restart")).isEmpty();
  }

  @Test
  void pendingRunsThenFinishesOnceAndRepeatsChangeNothing() {
    ActionRow running =
        ActionDecider.next(row("pending", null), report("running", 2000), 3000).orElseThrow();
    assertThat(running.state()).isEqualTo("running");
    assertThat(running.startedAt()).isEqualTo(2000);
    assertThat(ActionDecider.next(running, report("running", 2500), 3000)).isEmpty();
    ActionRow failed = ActionDecider.next(running, report("failed", 2600), 3000).orElseThrow();
    assertThat(failed.state()).isEqualTo("failed");
    assertThat(failed.startedAt()).isEqualTo(2000);
    assertThat(failed.finishedAt()).isEqualTo(2600);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.open()).isFalse();
    assertThat(ActionDecider.next(failed, report("succeeded", 2700), 3000)).isEmpty();
    assertThat(ActionDecider.next(failed, report("running", 2700), 3000)).isEmpty();
  }

  @Test
  void anAgentsTimesAreKeptBetweenTheRequestAndNow() {
    ActionRow early =
        ActionDecider.next(row("pending", null), report("running", 5), 3000).orElseThrow();
    assertThat(early.startedAt()).isEqualTo(1000);
    ActionRow late =
        ActionDecider.next(row("pending", null), report("running", 99_999), 3000).orElseThrow();
    assertThat(late.startedAt()).isEqualTo(3000);
  }

  @Test
  void aRefusalFromPendingHasNoStartAndKeepsItsReason() {
    Optional<ActionRow> r = ActionDecider.next(row("pending", null), report("refused", 2000), 3000);
    assertThat(r).isPresent();
    assertThat(r.get().startedAt()).isNull();
    assertThat(r.get().reason()).isEqualTo("not offered");
    assertThat(r.get().view()).containsEntry("reason", "not offered");
  }

  @Test
  void expiredSaysWhy() {
    ActionRow e = ActionDecider.expired(row("pending", null), 400_000, 300_000);
    assertThat(e.state()).isEqualTo("expired");
    assertThat(e.reason()).contains("action_expiry").contains("300 s");
    assertThat(e.finishedAt()).isEqualTo(400_000);
  }
}
