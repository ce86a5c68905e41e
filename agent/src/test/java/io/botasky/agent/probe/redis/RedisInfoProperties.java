package io.botasky.agent.probe.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Redis INFO text of any content: key/value pairs with non-empty keys, never an exception. */
class RedisInfoProperties {

  @Property
  void anyInfoGivesKeysAndValues(@ForAll("infoText") String text) {
    Map<String, String> m = RedisInfoParser.parse(text);
    assertThat(m.keySet()).allSatisfy(k -> assertThat(k).isNotEmpty().doesNotContain(":"));
  }

  @Provide
  Arbitrary<String> infoText() {
    return HostileText.lines(List.of("# Replication", "role:master", "connected_slaves:1",
        "slave0:ip=10.0.0.2,port=6379,state=online,offset=1,lag=0", "master_link_status:up", ":x", "a:",
        "role:slave\r"));
  }
}
