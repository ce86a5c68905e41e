package io.botasky.agent.testkit;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A class path for a child JVM, made from where the given classes were loaded. Class directories
 * are copied first: other builds in this checkout may recompile target/ while a long test runs, and
 * a child started mid-rebuild would not find its classes.
 */
public final class ChildClasspath {
  private ChildClasspath() {}

  public static String of(Path tmp, Class<?>... anchors) throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    int n = 0;
    for (Class<?> c : anchors) {
      Path p;
      try {
        p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
      if (Files.isDirectory(p)) {
        Path copy = tmp.resolve("classes-" + n++);
        if (!entries.contains(copy.toString())) {
          copyTree(p, copy);
        }
        p = copy;
      }
      entries.add(p.toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static void copyTree(Path src, Path dst) throws IOException {
    try (Stream<Path> s = Files.walk(src)) {
      for (Path f : s.toList()) {
        Path t = dst.resolve(src.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
