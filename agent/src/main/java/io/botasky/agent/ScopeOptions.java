package io.botasky.agent;

import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The agent's scope, set by the original boagent's section selectors: {@code --mfsmaster} runs only
 * {@code [mfsmaster]}; none = all.
 */
public final class ScopeOptions {
  @Option(names = "--system", description = "Run the [system] section.")
  boolean system;

  @Option(names = "--mysql", description = "Run the [mysql:*] sections.")
  boolean mysql;

  @Option(names = "--redis", description = "Run the [redis:*] sections.")
  boolean redis;

  @Option(names = "--keepalived", description = "Run the [keepalived] section.")
  boolean keepalived;

  @Option(names = "--process", description = "Run the [process:*] sections.")
  boolean process;

  @Option(names = "--mfsmaster", description = "Run the [mfsmaster] section.")
  boolean mfsmaster;

  @Option(names = "--mfschunkserver", description = "Run the [mfschunkserver] section.")
  boolean mfschunkserver;

  @Option(names = "--mfsmetalogger", description = "Run the [mfsmetalogger] section.")
  boolean mfsmetalogger;

  @Option(names = "--mfscgiserv", description = "Run the [mfscgiserv] section.")
  boolean mfscgiserv;

  @Option(names = "--command", description = "Run the [command:*] sections.")
  boolean command;

  @Option(names = "--http", description = "Run the [http:*] sections.")
  boolean http;

  @Option(names = "--tcp", description = "Run the [tcp:*] sections.")
  boolean tcp;

  @Option(names = "--ping", description = "Run the [ping:*] sections.")
  boolean ping;

  @Option(names = "--network", description = "Run the [network] section.")
  boolean network;

  @Option(names = "--logfile", description = "Run the [logfile:*] sections.")
  boolean logfile;

  /** The selected section types; empty = every configured section. */
  public Set<String> types() {
    Set<String> s = new LinkedHashSet<>();
    add(s, system, "system");
    add(s, mysql, "mysql");
    add(s, redis, "redis");
    add(s, keepalived, "keepalived");
    add(s, process, "process");
    add(s, mfsmaster, "mfsmaster");
    add(s, mfschunkserver, "mfschunkserver");
    add(s, mfsmetalogger, "mfsmetalogger");
    add(s, mfscgiserv, "mfscgiserv");
    add(s, command, "command");
    add(s, http, "http");
    add(s, tcp, "tcp");
    add(s, ping, "ping");
    add(s, network, "network");
    add(s, logfile, "logfile");
    return s;
  }

  private static void add(Set<String> s, boolean on, String type) {
    if (on) {
      s.add(type);
    }
  }
}
