package io.botasky.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used. Commands map it to exit code 78 (EX_CONFIG). */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** A single problem that is not tied to a line, e.g. a missing file. */
  public static ConfigException of(String file, String message) {
    return new ConfigException(
        List.of(new Problem(Problem.Level.ERROR, new Source(file, 0), null, null, message)));
  }

  public List<Problem> problems() {
    return problems;
  }
}
