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
    RedisReplication r = RedisReplication.of(m);
    assertThat(r.connectedReplicas()).isGreaterThanOrEqualTo(-1);
    assertThat(r.masterPort()).isBetween(-1, 65535);
    assertThat(
            java.util.List.of(
                r.lastIoSecondsAgo(), r.linkDownSeconds(), r.replicaOffset(), r.masterOffset()))
        .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(-1));
  }

  @Provide
  Arbitrary<String> infoText() {
    return HostileText.lines(
        List.of(
            "# Replication",
            "role:master",
            "connected_slaves:1",
            "slave0:ip=10.0.0.2,port=6379,state=online,offset=1,lag=0",
            "master_link_status:up",
            ":x",
            "a:",
            "role:slave\r",
            "master_port:6379",
            "master_port:65536",
            "connected_slaves:4294967297",
            "master_host:10.0.0.1",
            "master_link_status:up",
            "master_last_io_seconds_ago:-5",
            "slave_repl_offset:18446744073709551615",
            "master_repl_offset:\u0661\u0662"));
  }
}
