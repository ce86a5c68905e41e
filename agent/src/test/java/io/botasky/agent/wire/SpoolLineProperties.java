package io.botasky.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Lines of the agent's data file and event journal as a crash, a full disk or an editor may leave
 * them: a batch or an event, or an IOException (the line is set aside); never another exception.
 */
class SpoolLineProperties {
  private final WireCodec codec = new WireCodec();

  @Property
  void anyLineIsABatchOrAnIOException(@ForAll("lines") String line) {
    try {
      assertThat(codec.readBatch(line).batchId()).isNotNull();
    } catch (IOException e) {
      assertThat(e).isNotNull();
    }
  }

  @Property
  void anyLineIsAnEventOrAnIOException(@ForAll("lines") String line) {
    try {
      assertThat(codec.readEvent(line)).isNotNull();
    } catch (IOException e) {
      assertThat(e).isNotNull();
    }
  }

  @Provide
  Arbitrary<String> lines() {
    String batch =
        "{\"batch_id\":\"b-1\",\"samples\":[{\"metric\":\"cpu.usage\",\"ts\":1763700000000,\"value\":1.5,"
            + "\"labels\":{\"mount\":\"/\"}}]}";
    String event =
        "{\"event_id\":\"0b6f0c1e-0000-4000-8000-000000000001\",\"resource\":\"mysql\",\"instance\":\"3306\","
            + "\"check\":\"replication_lag\",\"state\":\"firing\",\"severity\":\"critical\",\"value\":42,\"summary\":\"s\","
            + "\"details\":{\"a\":[1,2,{\"b\":null}]},\"observed_at\":\"2026-11-21T10:00:00Z\"}";
    return Arbitraries.oneOf(
        Arbitraries.of(
            batch,
            event,
            "[".repeat(3000),
            "{\"a\":".repeat(3000),
            "{\"batch_id\":1e999,\"samples\":[{}]}",
            "{\"batch_id\":\"x\",\"samples\":[{\"metric\":\"m\",\"ts\":1e30,\"value\":\"x\"}]}",
            "{\"state\":\"acked\",\"severity\":\"fatal\"}",
            "{\"observed_at\":\"+999999999-12-31T23:59:59Z\"}",
            "{\"observed_at\":\"2026-13-01T00:00:00Z\"}",
            "{\"value\":99999999999999999999999}",
            "",
            "{",
            "null"),
        Arbitraries.of(batch, event)
            .flatMap(
                s -> Arbitraries.integers().between(0, s.length()).map(n -> s.substring(0, n))),
        HostileText.lines(List.of(batch, event)));
  }
}
