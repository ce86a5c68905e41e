package io.botasky.agent.probe.tcp;

import io.botasky.agent.probe.OpenCheck;
import io.botasky.agent.probe.OpenCheckFactory;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.http.HttpProbeFactory;
import io.botasky.agent.probe.net.TimeLimits;
import io.botasky.common.config.Section;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/** Makes the probe of a {@code [tcp:NAME]} section; validates, never connects. */
public final class TcpProbeFactory extends OpenCheckFactory {
  private final LongSupplier nanos;

  public TcpProbeFactory() {
    this(System::nanoTime);
  }

  public TcpProbeFactory(LongSupplier nanos) {
    this.nanos = nanos;
  }

  @Override
  public String sectionType() {
    return "tcp";
  }

  @Override
  protected Probe create(Section section, ProbeEnv env, OpenCheck common) {
    String host = section.string("host", "127.0.0.1").strip();
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%\\[\\]-]{1,253}")) {
      section.error("host", "expected a host name or an IP address");
      host = "127.0.0.1";
    } else if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = 1;
    if (section.has("port")) {
      port = section.intIn("port", 1, 1, 65535);
    } else {
      section.required("port");
    }
    byte[] send = null;
    String raw = section.string("send", "");
    if (!raw.isEmpty()) {
      try {
        // UTF-8, as the config file itself: the text goes out as it was typed.
        send = TcpEscapes.decode(raw).getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        section.error("send", e.getMessage());
      }
    }
    Pattern expect = HttpProbeFactory.regex(section, "expect");
    TimeLimits slow =
        TimeLimits.read(section, "slow", Duration.ofMillis(500), Duration.ofSeconds(2), true);
    String inst = section.instance() == null ? "" : section.instance();
    return new TcpProbe(
        section.name(),
        inst,
        new TcpSettings(host, port, send, expect, slow),
        common.timeout(),
        nanos);
  }
}
