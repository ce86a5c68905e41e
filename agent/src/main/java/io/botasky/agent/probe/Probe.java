package io.botasky.agent.probe;

/**
 * Checks one configured section, e.g. {@code [mysql:3306]}. One instance per section; never shared.
 */
public interface Probe {
  /** The section name: {@code mysql:3306}, {@code system}, {@code mfsmaster}. */
  String id();

  /**
   * One round. A dead or unreachable target is reported as an outcome ({@code unreachable}, {@code
   * process_down}); this throws only on a bug or when the probe cannot judge at all.
   */
  void run(ProbeSink sink) throws ProbeException;
}
