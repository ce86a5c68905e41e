package io.botasky.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceEntryTest {
  private final ObjectMapper json = Json.mapper();

  @Test
  void theWireNamesAreTheContractsOnes() throws Exception {
    ServiceEntry e =
        new ServiceEntry(
            null,
            "redis",
            "6379",
            "dev/cache",
            "ok",
            "",
            1763700000000L,
            10,
            List.of("restart"),
            true);
    String s = json.writeValueAsString(e);
    assertThat(s)
        .isEqualTo(
            "{\"resource\":\"redis\",\"instance\":\"6379\",\"group\":\"dev/cache\",\"state\":\"ok\","
                + "\"summary\":\"\",\"last_check\":1763700000000,\"interval\":10,"
                + "\"actions\":[\"restart\"],\"protected\":true}");
    assertThat(json.readValue(s, ServiceEntry.class)).isEqualTo(e);
    assertThat(json.writeValueAsString(e.withIndex(3))).startsWith("{\"i\":3,");
  }

  @Test
  void aHeartbeatWithoutInventoryCarriesNoneOfItsFields() throws Exception {
    assertThat(json.writeValueAsString(new Heartbeat("pi3", "1", null)))
        .isEqualTo("{\"host\":\"pi3\",\"agent_version\":\"1\"}");
  }

  @Test
  void groupPaths() {
    assertThat(GroupPath.problem("")).isEmpty();
    assertThat(GroupPath.problem("dev/cache")).isEmpty();
    assertThat(GroupPath.problem("<script>/x y")).isEmpty();
    assertThat(GroupPath.problem("dev//cache")).get().asString().contains("empty part");
    assertThat(GroupPath.problem("/dev")).get().asString().contains("empty part");
    assertThat(GroupPath.problem("dev/")).get().asString().contains("empty part");
    assertThat(GroupPath.problem("dev/../x")).get().asString().contains("\"..\"");
    assertThat(GroupPath.problem("./x")).get().asString().contains("\".\"");
    assertThat(GroupPath.problem("a\u0007b")).get().asString().contains("control");
    assertThat(GroupPath.problem("x".repeat(256))).get().asString().contains("255");
    assertThat(GroupPath.problem(" dev")).get().asString().contains("blanks");
  }
}
