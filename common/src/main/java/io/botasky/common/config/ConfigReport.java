package io.botasky.common.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading configuration, so all are reported at once. */
public final class ConfigReport {
  private final List<Problem> problems = new ArrayList<>();

  public void error(Source source, String section, String key, String message) {
    problems.add(new Problem(Problem.Level.ERROR, source, section, key, message));
  }

  public void warning(Source source, String section, String key, String message) {
    problems.add(new Problem(Problem.Level.WARNING, source, section, key, message));
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(p -> p.level() == Problem.Level.ERROR);
  }

  public List<Problem> errors() {
    return problems.stream().filter(p -> p.level() == Problem.Level.ERROR).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> p.level() == Problem.Level.WARNING).toList();
  }

  public List<Problem> all() {
    return List.copyOf(problems);
  }

  /** Throws when any error was recorded; warnings stay in the report for the caller to log. */
  public void throwIfErrors() throws ConfigException {
    if (hasErrors()) {
      throw new ConfigException(errors());
    }
  }
}
