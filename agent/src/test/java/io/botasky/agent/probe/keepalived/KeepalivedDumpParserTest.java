package io.botasky.agent.probe.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dumps captured from keepalived 2.2.7 (scripts/services/keepalived.sh), JSON and text, per
 * scenario.
 */
class KeepalivedDumpParserTest {
  private static String fixture(String name) throws IOException {
    try (InputStream in =
        KeepalivedDumpParserTest.class.getResourceAsStream("/fixtures/keepalived/2.2.7/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "master, MASTER",
    "backup, BACKUP",
    "fault, FAULT",
    "master-after-failover, MASTER",
    "split-brain-node1, MASTER",
    "split-brain-node2, MASTER"
  })
  void jsonAndTextDumpsAgree(String scenario, String state) throws IOException {
    List<VrrpInstance> json = KeepalivedDumpParser.parseJson(fixture(scenario + ".json"));
    List<VrrpInstance> data = KeepalivedDumpParser.parseData(fixture(scenario + ".data"));
    VrrpInstance expected = new VrrpInstance("VI_1", state, List.of("10.99.0.100"));
    assertThat(json).containsExactly(expected);
    assertThat(data).containsExactly(expected);
  }

  @org.junit.jupiter.api.Test
  void anInstanceWithoutANameIsQuestionMark() {
    assertThat(KeepalivedDumpParser.parseData(" VRRP Instance = \n   State = MASTER\n"))
        .containsExactly(new VrrpInstance("?", "MASTER", List.of()));
  }
}
