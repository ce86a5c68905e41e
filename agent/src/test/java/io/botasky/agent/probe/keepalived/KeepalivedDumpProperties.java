package io.botasky.agent.probe.keepalived;

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
 * keepalived.data and keepalived.json of any content: named instances, or (JSON) an IOException.
 */
class KeepalivedDumpProperties {

  @Property
  void anyDataDumpGivesNamedInstances(@ForAll("dataText") String text) {
    List<VrrpInstance> l = KeepalivedDumpParser.parseData(text);
    assertThat(l)
        .allSatisfy(
            i -> {
              assertThat(i.name()).isNotEmpty();
              assertThat(i.vips()).doesNotContainNull();
            });
  }

  @Property
  void anyJsonDumpGivesInstancesOrAnIOException(@ForAll("jsonText") String text) {
    try {
      List<VrrpInstance> l = KeepalivedDumpParser.parseJson(text);
      assertThat(l).allSatisfy(i -> assertThat(i.name()).isNotNull());
    } catch (IOException e) {
      assertThat(e.getMessage()).isNotNull();
    }
  }

  @Provide
  Arbitrary<String> dataText() {
    return HostileText.lines(
        List.of(
            "------< VRRP Topology >------",
            " VRRP Instance = VI_1",
            " VRRP Instance = ",
            " VRRP Instance =",
            "   State = MASTER",
            "   State = ",
            "   Virtual IP (1):",
            "     10.99.0.100/24 dev vrrp0 scope global set",
            "     ",
            "------< Interfaces >------"));
  }

  @Provide
  Arbitrary<String> jsonText() {
    return Arbitraries.oneOf(
        HostileText.lines(
            List.of(
                "[{\"data\":{\"iname\":\"VI_1\",\"state\":2,\"vips\":[\"10.0.0.1/24 dev eth0\"]}}]",
                "[{\"data\":{\"state\":99999999999,\"vips\":{}}}]",
                "[1,\"x\",null,[]]",
                "{}",
                "[",
                "null")),
        Arbitraries.of(
            "[{\"data\":{\"iname\":\"\",\"state\":-1,\"vips\":[\"\",\"   \",1]}}]",
            "[{\"data\":{\"iname\":null,\"state\":\"2\"}}]",
            "",
            "[]"));
  }
}
