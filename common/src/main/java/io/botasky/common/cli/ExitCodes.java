package io.botasky.common.cli;

/** Exit codes of every Botasky command (sysexits.h where one fits). */
public final class ExitCodes {
  /** Clean stop, or every check OK. */
  public static final int OK = 0;

  /** {@code boagent check}: some alert would fire. Also a failed admin CLI request. */
  public static final int ALERT = 1;

  /**
   * The command could not do its work: {@code boagent} found its spool locked by another agent, or
   * failed unexpectedly. The same number as {@link #ALERT} (documented as 1 in docs/reference.md),
   * under a name that says what it means.
   */
  public static final int FAILURE = 1;

  /** Usage error (picocli's default). */
  public static final int USAGE = 2;

  /** A service the command needs is unavailable, e.g. its port is taken (EX_UNAVAILABLE). */
  public static final int UNAVAILABLE = 69;

  /** Unusable configuration (EX_CONFIG); systemd units do not restart on it. */
  public static final int CONFIG = 78;

  private ExitCodes() {}
}
