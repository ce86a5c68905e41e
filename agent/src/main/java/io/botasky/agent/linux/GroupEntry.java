package io.botasky.agent.linux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One line of {@code /etc/group}. */
public record GroupEntry(String name, int gid, List<String> members) {

  public static List<GroupEntry> parse(String text) {
    List<GroupEntry> out = new ArrayList<>();
    for (ColonFile.Line l : ColonFile.lines(text, 4)) {
      String[] f = l.fields();
      List<String> members =
          f[3].isBlank() ? List.of() : Arrays.stream(f[3].split(",")).map(String::strip).toList();
      out.add(
          new GroupEntry(f[0], (int) Numbers.whole(f[2], "line " + l.number() + " gid"), members));
    }
    return out;
  }
}
