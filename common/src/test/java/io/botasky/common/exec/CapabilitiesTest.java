package io.botasky.common.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** {@link Capabilities} over captured /proc/PID/status files (fixtures/proc-status/). */
class CapabilitiesTest {

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(CapabilitiesTest.class.getResource("/fixtures/proc-status/" + name))
            .toURI());
  }

  static Capabilities parse(String name) throws Exception {
    return Capabilities.parse(Files.readString(fixture(name)));
  }

  @Test
  void theAgentWithTheKeepalivedDropInHoldsThreeAmbientCapabilities() throws Exception {
    // Captured as uid 65534 started by setpriv with the drop-in's three ambient capabilities.
    Capabilities c = parse("agent-keepalived.txt");
    assertThat(Capabilities.names(c.ambient()))
        .containsExactly("CAP_DAC_READ_SEARCH", "CAP_KILL", "CAP_SYS_PTRACE");
    assertThat(c.effective()).isEqualTo(c.ambient());
    assertThat(c.passesOnAmbient()).isTrue();
    assertThat(c.hasEffective("CAP_KILL")).isTrue();
    assertThat(c.hasEffective("sys_ptrace")).as("name without CAP_, any case").isTrue();
    assertThat(c.hasAmbient("CAP_DAC_READ_SEARCH")).isTrue();
    assertThat(c.hasEffective("CAP_SYS_ADMIN")).isFalse();
  }

  @Test
  void thePlainAgentHoldsNothing() throws Exception {
    Capabilities c = parse("agent-plain.txt");
    assertThat(c).isEqualTo(Capabilities.NONE);
    assertThat(c.passesOnAmbient()).isFalse();
    assertThat(c.hasEffective("CAP_KILL")).isFalse();
  }

  @Test
  void rootHasEverythingEffectiveButPassesNothingOnThroughTheAmbientSet() throws Exception {
    Capabilities c = parse("root.txt");
    assertThat(c.hasEffective("CAP_KILL")).isTrue();
    assertThat(c.hasEffective("CAP_CHECKPOINT_RESTORE")).isTrue();
    assertThat(c.ambient()).isZero();
    assertThat(c.passesOnAmbient())
        .as("root's children get root's rights by being root, not by inheritance")
        .isFalse();
    assertThat(c.bounding()).isEqualTo(0x1fffeffffffL);
  }

  @Test
  void aKernelWithoutCapAmbReadsAsNoAmbientSet() throws Exception {
    Capabilities c = parse("kernel-4.2-no-capamb.txt");
    assertThat(c.ambient()).isZero();
    assertThat(c.passesOnAmbient()).isFalse();
  }

  @Test
  void aMalformedMaskIsAnErrorNamingTheLine() throws Exception {
    assertThatThrownBy(() -> parse("malformed-capeff.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CapEff")
        .hasMessageContaining("00000zzz00000000");
    assertThatThrownBy(() -> Capabilities.read(fixture("malformed-capeff.txt")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("malformed-capeff.txt: CapEff");
  }

  @Test
  void edgeCases() {
    assertThat(Capabilities.parse("")).isEqualTo(Capabilities.NONE);
    assertThat(Capabilities.parse("Name:\tx\nCapability:\tnot a set line\n"))
        .isEqualTo(Capabilities.NONE);
    assertThat(Capabilities.parse("CapEff:\tffffffffffffffff\n").effective()).isEqualTo(-1L);
    assertThatThrownBy(() -> Capabilities.parse("CapAmb:\t1ffffffffffffffff\n"))
        .hasMessageContaining("16 digits");
    assertThatThrownBy(() -> Capabilities.parse("CapAmb:\t\n")).hasMessageContaining("CapAmb");
    assertThat(Capabilities.names(1L << 63)).containsExactly("cap_63");
    assertThat(Capabilities.number("CAP_KILL")).isEqualTo(5);
    assertThat(Capabilities.number("cap_sys_ptrace")).isEqualTo(19);
    assertThat(Capabilities.number("CAP_NOPE")).isEqualTo(-1);
    assertThat(Capabilities.NONE.hasEffective("CAP_NOPE")).isFalse();
  }

  @Test
  void readsThisJvmsOwnStatus() throws Exception {
    Path self = Path.of("/proc/self/status");
    if (Files.isReadable(self)) {
      Capabilities c = Capabilities.read(self);
      assertThat(c.effective() & ~c.permitted())
          .as("the effective set lies within the permitted one")
          .isZero();
    }
  }
}
