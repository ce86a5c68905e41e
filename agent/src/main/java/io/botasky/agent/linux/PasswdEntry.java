package io.botasky.agent.linux;

import java.util.ArrayList;
import java.util.List;

/** One line of {@code /etc/passwd}. */
public record PasswdEntry(String name, int uid, int gid, String home, String shell) {

  /**
   * Parses the file; comment, blank and NIS ({@code +}/{@code -}) lines are skipped, garbage fails.
   */
  public static List<PasswdEntry> parse(String text) {
    List<PasswdEntry> out = new ArrayList<>();
    for (ColonFile.Line l : ColonFile.lines(text, 7)) {
      String[] f = l.fields();
      int n = l.number();
      out.add(
          new PasswdEntry(
              f[0],
              (int) Numbers.whole(f[2], "line " + n + " uid"),
              (int) Numbers.whole(f[3], "line " + n + " gid"),
              f[5],
              f[6]));
    }
    return out;
  }

  /**
   * A person rather than a service account: uid from {@code uidMin} (1000, login.defs UID_MIN) up
   * to 60000, not nobody, with a login shell.
   */
  public boolean isHuman(int uidMin) {
    return uid >= uidMin
        && uid <= 60000
        && !shell.endsWith("/nologin")
        && !shell.endsWith("/false");
  }
}
