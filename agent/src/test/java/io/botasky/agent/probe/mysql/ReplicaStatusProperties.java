package io.botasky.agent.probe.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A SHOW REPLICA STATUS row of any content (a server we do not control answers it): a status with a
 * port that is a port, error numbers and a lag that are not negative, never an exception.
 */
class ReplicaStatusProperties {
  private static final List<String> COLUMNS =
      List.of(
          "Replica_IO_Running",
          "Slave_IO_Running",
          "Replica_SQL_Running",
          "Slave_SQL_Running",
          "Seconds_Behind_Source",
          "Seconds_Behind_Master",
          "Source_Host",
          "Master_Host",
          "Source_Port",
          "Master_Port",
          "Last_IO_Errno",
          "Last_IO_Error",
          "Last_SQL_Errno",
          "Last_SQL_Error",
          "Replica_IO_State",
          "slave_io_state",
          "SOURCE_PORT");

  @Property
  void anyRowGivesASaneStatus(@ForAll("rows") Map<String, String> row) {
    ReplicaStatus s = ReplicaStatusParser.parse(row);
    assertThat(s.masterPort()).isBetween(0, 65535);
    assertThat(s.lastIoErrno()).isNotNegative();
    assertThat(s.lastSqlErrno()).isNotNegative();
    if (s.lagSeconds() != null) {
      assertThat(s.lagSeconds()).isNotNegative();
    }
    assertThat(s.lastIoError()).isNotNull();
    assertThat(s.ioState()).isNotNull();
  }

  @Provide
  Arbitrary<Map<String, String>> rows() {
    Arbitrary<String> value =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, HostileText.number()),
            net.jqwik.api.Tuple.of(
                2,
                Arbitraries.of(
                    "Yes",
                    "No",
                    "Connecting",
                    "NULL",
                    "null",
                    "",
                    "3306",
                    "65536",
                    "4294967296",
                    "-1",
                    "2147483648",
                    "\u0663\u0663\u0660\u0666")),
            net.jqwik.api.Tuple.of(1, HostileText.string(20)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    return Combinators.combine(Arbitraries.of(COLUMNS), value)
        .as((k, v) -> new String[] {k, v})
        .list()
        .ofMaxSize(12)
        .map(
            l -> {
              Map<String, String> m = new HashMap<>();
              l.forEach(kv -> m.put(kv[0], kv[1]));
              return m;
            });
  }
}
