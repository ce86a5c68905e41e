package io.botasky.collector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.inventory.InventoryUpdate;
import io.botasky.common.wire.Json;
import io.botasky.common.wire.ServiceEntry;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The heartbeat's inventory fields (docs/api.md, "Service inventory"): each bound a named 400. */
class HeartbeatParserTest {
  private static final String HASH = "0123456789abcdef";
  private final ObjectMapper json = Json.mapper();

  private ObjectNode service(String resource, String instance) {
    ObjectNode s = json.createObjectNode();
    s.put("resource", resource);
    s.put("instance", instance);
    s.put("group", "dev/cache");
    s.put("state", "ok");
    s.put("summary", "");
    s.put("last_check", 1_763_700_000_000L);
    s.put("interval", 60);
    s.putArray("actions").add("restart");
    s.put("protected", false);
    return s;
  }

  private ObjectNode full(int n) {
    ObjectNode root = json.createObjectNode();
    root.put("host", "web1");
    root.put("services_hash", HASH);
    ArrayNode arr = root.putArray("services");
    for (int i = 0; i < n; i++) {
      arr.add(service("redis", String.valueOf(6379 + i)));
    }
    return root;
  }

  private HeartbeatParser.Parsed parse(JsonNode root) {
    return HeartbeatParser.parse(root, JsonNode::toString);
  }

  private HttpError refused(JsonNode root) {
    return catchThrowableOfType(HttpError.class, () -> parse(root));
  }

  private HttpError refusedWith(Consumer<ObjectNode> change) {
    ObjectNode root = full(5);
    change.accept((ObjectNode) root.get("services").get(3));
    return refused(root);
  }

  @Test
  void withoutInventoryFieldsTheInventoryIsLeftAlone() {
    ObjectNode root = json.createObjectNode();
    root.put("host", "web1");
    assertThat(parse(root).inventory()).isNull();
  }

  @Test
  void fullFormIsRead() {
    InventoryUpdate inv = parse(full(2)).inventory();
    assertThat(inv.full()).isTrue();
    assertThat(inv.servicesHash()).isEqualTo(HASH);
    assertThat(inv.services())
        .containsExactly(
            new ServiceEntry(
                null,
                "redis",
                "6379",
                "dev/cache",
                "ok",
                "",
                1_763_700_000_000L,
                60,
                List.of("restart"),
                false),
            new ServiceEntry(
                null,
                "redis",
                "6380",
                "dev/cache",
                "ok",
                "",
                1_763_700_000_000L,
                60,
                List.of("restart"),
                false));
  }

  @Test
  void shortFormFieldsBesideAFullListAreIgnored() {
    ObjectNode root = full(1);
    root.put("base_hash", "fedcba9876543210");
    root.putArray("checks").add(1);
    InventoryUpdate inv = parse(root).inventory();
    assertThat(inv.full()).isTrue();
    assertThat(inv.baseHash()).isNull();
  }

  @Test
  void shortFormIsRead() {
    ObjectNode root = json.createObjectNode();
    root.put("host", "web1");
    root.put("services_hash", HASH);
    root.put("base_hash", "fedcba9876543210");
    root.putArray("checks").add(1).add(2);
    root.putArray("changed").add(service("redis", "6380").put("i", 1).put("state", "critical"));
    InventoryUpdate inv = parse(root).inventory();
    assertThat(inv.full()).isFalse();
    assertThat(inv.baseHash()).isEqualTo("fedcba9876543210");
    assertThat(inv.checks()).containsExactly(1L, 2L);
    assertThat(inv.changed()).singleElement().satisfies(e -> assertThat(e.i()).isEqualTo(1));
  }

  @Test
  void tenThousandServicesAreA400() {
    HttpError e = refused(full(10_000));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo("services");
    assertThat(e.getMessage()).contains("more than 500");
  }

  @Test
  void aHundredKilobyteInstanceIsA400NamingIt() {
    HttpError e = refusedWith(s -> s.put("instance", "x".repeat(100_000)));
    assertThat(e.field()).isEqualTo("services[3].instance");
  }

  @Test
  void eachBoundNamesItsField() {
    assertThat(refusedWith(s -> s.put("group", "dev//cache")).field())
        .isEqualTo("services[3].group");
    assertThat(refusedWith(s -> s.put("group", "a\nb")).field()).isEqualTo("services[3].group");
    assertThat(refusedWith(s -> s.put("resource", "Redis")).field())
        .isEqualTo("services[3].resource");
    assertThat(refusedWith(s -> s.put("resource", "r".repeat(33))).field())
        .isEqualTo("services[3].resource");
    assertThat(refusedWith(s -> s.put("instance", "a\u202eb")).field())
        .isEqualTo("services[3].instance");
    assertThat(refusedWith(s -> s.put("state", "stale")).field()).isEqualTo("services[3].state");
    assertThat(refusedWith(s -> s.put("summary", "s".repeat(513))).field())
        .isEqualTo("services[3].summary");
    assertThat(refusedWith(s -> s.put("interval", 0)).field()).isEqualTo("services[3].interval");
    assertThat(refusedWith(s -> s.put("interval", 86_401)).field())
        .isEqualTo("services[3].interval");
    assertThat(refusedWith(s -> s.put("last_check", -1)).field())
        .isEqualTo("services[3].last_check");
    assertThat(refusedWith(s -> s.put("protected", "yes")).field())
        .isEqualTo("services[3].protected");
    assertThat(refusedWith(s -> s.putArray("actions").add("Restart!")).field())
        .isEqualTo("services[3].actions[0]");
    assertThat(
            refusedWith(
                    s -> {
                      ArrayNode a = s.putArray("actions");
                      for (int i = 0; i < 17; i++) {
                        a.add("a" + i);
                      }
                    })
                .field())
        .isEqualTo("services[3].actions");
    assertThat(refusedWith(s -> s.put("instance", "6379")).field()).isEqualTo("services[3]");
  }

  @Test
  void summaryIsMadeSafe() {
    ObjectNode root = full(1);
    ((ObjectNode) root.get("services").get(0)).put("summary", "down\n\u001b[31mred");
    assertThat(parse(root).inventory().services().get(0).summary())
        .isEqualTo("down\\n\\x1b[31mred");
  }

  @Test
  void hashesAreSixteenLowercaseHexDigits() {
    assertThat(refused(full(1).put("services_hash", "0123456789ABCDEF")).field())
        .isEqualTo("services_hash");
    ObjectNode noHash = full(1);
    noHash.remove("services_hash");
    assertThat(refused(noHash).field()).isEqualTo("services_hash");
  }

  @Test
  void shortFormBounds() {
    ObjectNode root = json.createObjectNode();
    root.put("host", "web1");
    root.put("services_hash", HASH);
    root.put("base_hash", HASH);
    root.putArray("checks").add(1).add(-5);
    assertThat(refused(root).field()).isEqualTo("checks[1]");
    root.putArray("checks").add(1);
    root.putArray("changed").add(service("redis", "1").put("i", 1));
    assertThat(refused(root).field()).isEqualTo("changed[0].i");
    root.remove("base_hash");
    assertThat(refused(root).field()).isEqualTo("base_hash");
  }
}
