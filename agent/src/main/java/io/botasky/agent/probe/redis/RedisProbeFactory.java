package io.botasky.agent.probe.redis;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ProbeFactory;
import io.botasky.agent.probe.daemon.ProcScan;
import io.botasky.common.config.Section;
import java.time.Duration;
import java.util.Set;

/** Makes the probe of a {@code [redis:NAME]} section; validates, never connects. */
public final class RedisProbeFactory implements ProbeFactory {
  private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost", "::1");

  @Override
  public String sectionType() {
    return "redis";
  }

  @Override
  public Probe create(Section section, ProbeEnv env) {
    String host = section.string("host", "127.0.0.1");
    String inst = section.instance();
    int defPort =
        inst != null
                && inst.matches("\\d{1,5}")
                && Integer.parseInt(inst) <= 65535
                && Integer.parseInt(inst) > 0
            ? Integer.parseInt(inst)
            : 6379;
    int port = section.intIn("port", defPort, 1, 65535);
    String password = section.string("password", "");
    String role = section.oneOf("role", "auto", "master", "replica", "auto");
    int expect = section.intIn("expect_replicas", 0, 0, 1000);
    long lagWarn = section.size("lag_bytes_warning", 1L << 20);
    long lagCrit = section.size("lag_bytes_critical", 16L << 20);
    if (lagCrit < lagWarn) {
      section.error("lag_bytes_critical", "must not be below lag_bytes_warning");
    }
    Duration lagSeconds = section.duration("lag_seconds", Duration.ofSeconds(30));
    Duration connect = section.duration("connect_timeout", Duration.ofSeconds(2));
    Duration timeout = section.duration("timeout", Duration.ofSeconds(3));
    boolean process = section.bool("check_process", LOCAL.contains(host));
    RedisSettings s =
        new RedisSettings(
            host,
            port,
            password,
            role,
            expect,
            lagWarn,
            lagCrit,
            lagSeconds,
            connect,
            timeout,
            process);
    return new RedisProbe(
        section.name(),
        inst != null ? inst : Integer.toString(port),
        s,
        new ProcScan(env.procRoot()));
  }
}
