package io.botasky.agent.probe.system;

import io.botasky.agent.linux.GroupEntry;
import io.botasky.agent.linux.LoginRecord;
import io.botasky.agent.linux.PasswdEntry;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accounts and sessions from /etc/passwd, /etc/group, utmp and wtmp, parsed directly. A user who
 * gains root rights raises {@code system/root_user} (instance = the user): new compared with {@code
 * root_users} when configured, else with what the first round saw.
 */
public final class UsersProbe implements Probe {
  static final Set<String> ADMIN_GROUPS = Set.of("sudo", "wheel", "admin");
  private final SystemSources src;
  private final SystemSettings cfg;
  private Set<String> baseline;

  public UsersProbe(SystemSources src, SystemSettings cfg) {
    this.src = src;
    this.cfg = cfg;
    this.baseline = cfg.rootUsers().isEmpty() ? null : Set.copyOf(cfg.rootUsers());
  }

  @Override
  public String id() {
    return "system/users";
  }

  public UsersReport measure() throws IOException {
    List<PasswdEntry> pw = src.etc().passwd();
    List<GroupEntry> groups = src.etc().groups();
    int humans = (int) pw.stream().filter(p -> p.isHuman(cfg.uidMin())).count();
    // wtmp grows for months: the last 256 records usually name three users; read more only if not.
    List<LoginRecord> tail = src.etc().wtmpTail(256);
    List<String> recent = recent(tail, 3);
    if (recent.size() < 3 && tail.size() == 256) {
      recent = recent(src.etc().wtmp(), 3);
    }
    return new UsersReport(
        src.clock().instant(), humans, recent, rootUsers(pw, groups), online(src.etc().utmp()));
  }

  /** uid 0, or a member (listed, or by primary group) of sudo, wheel or admin; sorted. */
  public static List<String> rootUsers(List<PasswdEntry> pw, List<GroupEntry> groups) {
    Set<String> out = new TreeSet<>();
    Map<Integer, String> adminGids = new HashMap<>();
    for (GroupEntry g : groups) {
      if (ADMIN_GROUPS.contains(g.name())) {
        adminGids.put(g.gid(), g.name());
        out.addAll(g.members());
      }
    }
    for (PasswdEntry p : pw) {
      if (p.uid() == 0 || adminGids.containsKey(p.gid())) {
        out.add(p.name());
      }
    }
    return List.copyOf(out);
  }

  /** The newest {@code n} distinct users who logged in, from the end of wtmp. */
  public static List<String> recent(List<LoginRecord> wtmp, int n) {
    Set<String> out = new LinkedHashSet<>();
    for (int i = wtmp.size() - 1; i >= 0 && out.size() < n; i--) {
      LoginRecord r = wtmp.get(i);
      if (r.type() == LoginRecord.USER_PROCESS && !r.user().isEmpty()) {
        out.add(r.user());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Live sessions as {@code user_IP_TTY}; a local console login has no IP and shows {@code local}.
   */
  public static List<String> online(List<LoginRecord> utmp) {
    List<String> out = new ArrayList<>();
    for (LoginRecord r : utmp) {
      if (r.type() == LoginRecord.USER_PROCESS && !r.user().isEmpty()) {
        out.add(r.user() + "_" + (r.host().isEmpty() ? "local" : r.host()) + "_" + r.line());
      }
    }
    return out;
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    UsersReport r;
    try {
      r = measure();
    } catch (IOException e) {
      throw ProbeException.reading("users", e);
    }
    sink.sample("users.accounts", r.humans(), Map.of());
    sink.sample("users.sessions", r.online().size(), Map.of());
    sink.sample("users.root", r.rootUsers().size(), Map.of());
    if (baseline == null) {
      // Without root_users configured, whoever has root rights at the agent's first look is
      // expected.
      baseline = Set.copyOf(r.rootUsers());
    }
    for (String u : r.rootUsers()) {
      if (!baseline.contains(u)) {
        sink.outcome(
            new CheckOutcome(
                "system",
                u,
                "root_user",
                Severity.WARNING,
                null,
                null,
                "user "
                    + u
                    + " has root rights (uid 0 or in sudo/wheel/admin) and is not among the"
                    + " expected "
                    + String.join(",", new TreeSet<>(baseline)),
                Map.of("user", u)));
      }
    }
  }
}
