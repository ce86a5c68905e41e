package io.botasky.agent.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON of controlled actions, and the journal's life (docs/agent.md, "Controlled actions"). */
class ActionCodecTest {
  private final ActionCodec codec = new ActionCodec();
  @TempDir Path tmp;

  @Test
  void aPollAnswerKeepsOnlyValidEntries() throws Exception {
    String body =
        "{\"extra\":{\"a\":[1]},\"actions\":["
            + "{\"id\":5,\"resource\":\"redis\",\"instance\":\"6379\",\"action\":\"restart\","
            + "\"by\":\"alice\\u0007\",\"requested_at\":\"2026-12-06T20:00:00Z\",\"x\":[{}]},"
            + "{\"id\":\"6\",\"resource\":\"redis\",\"instance\":\"6379\",\"action\":\"restart\"},"
            + "{\"id\":-1,\"resource\":\"redis\",\"instance\":\"6379\",\"action\":\"restart\"},"
            + "{\"id\":7,\"resource\":\"redis\",\"instance\":\"6379\",\"action\":\"Restart\"},"
            + "{\"id\":8,\"resource\":\"\",\"instance\":\"6379\",\"action\":\"restart\"},"
            + "{\"id\":9,\"resource\":\"redis\",\"action\":\"restart\"},"
            + "{\"id\":10,\"resource\":\"redis\",\"instance\":\""
            + "i".repeat(256)
            + "\",\"action\":\"restart\"},"
            + "{\"id\":11,\"resource\":\"system\",\"instance\":\"\",\"action\":\"reboot\"}"
            + "]}";
    List<ActionReport> got = codec.readPoll(body);
    assertThat(got).extracting(ActionReport::id).containsExactly(5L, 11L);
    assertThat(got.get(0).by()).isEqualTo("alice\\x07");
    assertThat(got.get(1).by()).isEmpty();
    assertThat(codec.readPoll("{}")).isEmpty();
    assertThatThrownBy(() -> codec.readPoll("<html>")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> codec.readPoll("[]")).isInstanceOf(IOException.class);
  }

  @Test
  void theReportBodyIsTheContractsShape() throws Exception {
    ActionReport r =
        new ActionReport(5L, "u-5", "redis", "6379", "restart", "alice", null, null, null, null, 1)
            .with("failed", 3, "x".repeat(5000), "r".repeat(600), 42);
    ActionReport scheduled =
        new ActionReport(
            null, "u-s", "redis", "6379", "restart", "schedule", "running", null, null, null, 43);
    JsonNode n =
        Json.mapper()
            .readTree(
                new String(codec.reports("web1", List.of(r, scheduled)), StandardCharsets.UTF_8));
    assertThat(n.get("host").asText()).isEqualTo("web1");
    JsonNode a = n.get("reports").get(0);
    assertThat(a.get("id").asLong()).isEqualTo(5);
    assertThat(a.get("uuid").asText()).isEqualTo("u-5");
    assertThat(a.get("state").asText()).isEqualTo("failed");
    assertThat(a.get("exit_code").asInt()).isEqualTo(3);
    assertThat(a.get("output").asText()).hasSize(4096);
    assertThat(a.get("reason").asText()).hasSize(512);
    assertThat(a.get("at").asLong()).isEqualTo(42);
    JsonNode b = n.get("reports").get(1);
    assertThat(b.has("id")).isFalse();
    assertThat(b.has("exit_code")).isFalse();
    assertThat(b.get("by").asText()).isEqualTo("schedule");
  }

  @Test
  void theJournalIsEmptiedOnceEveryOutcomeIsAcknowledged() throws Exception {
    Path file = tmp.resolve("actions.journal");
    ActionJournal j = new ActionJournal(file, codec);
    ActionReport a =
        new ActionReport(1L, "u-1", "redis", "6379", "restart", "alice", null, null, null, null, 1);
    ActionReport b =
        new ActionReport(2L, "u-2", "redis", "6379", "flush", "bob", null, null, null, null, 2);
    j.received(a);
    j.started(a);
    j.received(b);
    ActionReport doneA = a.with("succeeded", 0, "ok", null, 3);
    j.finished(doneA);
    assertThat(Files.readAllLines(file)).hasSize(4);
    assertThat(j.knows(1)).isTrue();
    j.acked(List.of(doneA));
    assertThat(Files.readAllLines(file)).hasSize(5);
    assertThat(j.openCount()).isEqualTo(1);
    ActionReport doneB = b.with("refused", null, null, "no", 4);
    j.finished(doneB);
    j.acked(List.of(doneB));
    assertThat(file).doesNotExist();
    // Still known in this process: a late poll listing it never runs it again.
    assertThat(j.knows(1)).isTrue();
    assertThat(j.knows(2)).isTrue();
    assertThat(j.knows(3)).isFalse();
  }

  @Test
  void recoveryReportsTheUnfinishedAsFailedAndKeepsUnacknowledgedOutcomes() throws Exception {
    Path file = tmp.resolve("actions.journal");
    ActionJournal before = new ActionJournal(file, codec);
    ActionReport ran =
        new ActionReport(1L, "u-1", "redis", "6379", "restart", "alice", null, null, null, null, 1);
    ActionReport done =
        new ActionReport(2L, "u-2", "redis", "6379", "flush", "bob", null, null, null, null, 2);
    ActionReport acked =
        new ActionReport(3L, "u-3", "redis", "6379", "flush", "bob", null, null, null, null, 3);
    before.received(ran);
    before.started(ran);
    before.received(done);
    before.started(done);
    before.finished(done.with("succeeded", 0, "fine", null, 5));
    before.received(acked);
    before.finished(acked.with("refused", null, null, "no", 6));
    before.acked(List.of(acked.with("refused", null, null, "no", 6)));

    ActionJournal after = new ActionJournal(file, codec);
    List<ActionReport> again = after.recover(100);
    assertThat(again).extracting(ActionReport::uuid).containsExactly("u-1", "u-2");
    assertThat(again.get(0).state()).isEqualTo("failed");
    assertThat(again.get(0).reason()).isEqualTo(ActionJournal.INTERRUPTED_RUNNING);
    assertThat(again.get(0).at()).isEqualTo(100);
    assertThat(again.get(1).state()).isEqualTo("succeeded");
    assertThat(after.knows(1) && after.knows(2) && after.knows(3)).isTrue();
    // Recovered twice (a crash before the reports went): the same outcomes, not "interrupted" anew.
    List<ActionReport> third = new ActionJournal(file, codec).recover(200);
    assertThat(third).isEqualTo(again);
  }
}
