package io.botasky.agent.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's packaged jar and its dependencies (target/classpath.txt), for a child JVM run as
 * another user: the build's class path points into root's ~/.m2, which that user cannot read, so
 * tests copy these files somewhere it can.
 */
public final class AgentJars {
  private AgentJars() {}

  /** The paths of the agent jar and of every dependency jar. */
  public static List<String> list() throws IOException {
    Path target = Path.of("target");
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(target)) {
      s.filter(p -> p.getFileName().toString().matches("agent-.*\\d\\.jar"))
          .forEach(p -> out.add(p.toString()));
    }
    for (String e : Files.readString(target.resolve("classpath.txt")).strip().split(":")) {
      if (!e.isBlank()) {
        out.add(e);
      }
    }
    return out;
  }
}
