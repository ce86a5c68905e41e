package io.botasky.agent.probe.mysql;

import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.probe.ProbeFactory;
import io.botasky.agent.probe.daemon.ProcScan;
import io.botasky.common.config.Section;
import java.time.Duration;
import java.util.Set;

/** Makes the probe of a {@code [mysql:NAME]} section; validates, never connects. */
public final class MysqlProbeFactory implements ProbeFactory {
  private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  @Override
  public String sectionType() {
    return "mysql";
  }

  @Override
  public Probe create(Section section, ProbeEnv env) {
    String host = section.string("host", "127.0.0.1");
    int port = section.intIn("port", defaultPort(section), 1, 65535);
    String user = section.string("user", "monitor");
    String password = section.string("password", "");
    String role = section.oneOf("role", "auto", "primary", "replica", "auto");
    Duration warning = section.duration("lag_warning", Duration.ofSeconds(30));
    Duration critical = section.duration("lag_critical", Duration.ofMinutes(5));
    if (critical.compareTo(warning) < 0) {
      section.error(
          "lag_critical", "must not be below lag_warning (" + warning.toSeconds() + " s)");
    }
    Duration connect = section.duration("connect_timeout", Duration.ofSeconds(3));
    Duration timeout = section.duration("timeout", Duration.ofSeconds(5));
    boolean process = section.bool("check_process", LOCAL.contains(host));
    MysqlSettings s =
        new MysqlSettings(
            host,
            port,
            user,
            password,
            role,
            new LagLimits(warning, critical),
            connect,
            timeout,
            process);
    String instance = section.instance() != null ? section.instance() : Integer.toString(port);
    return new MysqlProbe(section.name(), instance, s, new ProcScan(env.procRoot()), env.clock());
  }

  /** {@code [mysql:3307]} means port 3307 unless {@code port} says otherwise. */
  private static int defaultPort(Section section) {
    String inst = section.instance();
    if (inst != null
        && inst.chars().allMatch(Character::isDigit)
        && !inst.isEmpty()
        && inst.length() < 6) {
      int p = Integer.parseInt(inst);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    }
    return 3306;
  }
}
