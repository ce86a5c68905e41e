package io.botasky.agent.probe.mfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** mfscli output of any content: a cluster status, never an exception. */
class MfscliProperties {

  @Property
  void anyOutputGivesAStatus(@ForAll("mfscliText") String text) {
    MfsClusterStatus s = MfscliParser.parse(text);
    assertThat(s).isNotNull();
  }

  @Provide
  Arbitrary<String> mfscliText() {
    return HostileText.lines(
        List.of(
            "metadata servers:\t10.0.0.1\t4.57.5\tLEADER\t-\t1234",
            "chunk servers:\t10.0.0.2\t9422\t4.57.5\t1\t2\t3",
            "Disconnected chunk servers:\t10.0.0.9\t9422",
            "metadata backup loggers:\t10.0.0.3\t4.57.5",
            "master info:\ttotal space\t1000000",
            "master info:\tx\t-",
            "master info:\tbig\t99999999999999999999",
            "Working master servers not found !!!",
            "chunk servers:",
            "metadata servers:\t"));
  }
}
