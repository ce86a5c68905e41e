package io.botasky.agent.spool;

import java.io.IOException;

/** Another agent holds the spool's lock: two agents on one spool would corrupt it. */
public final class SpoolLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  public SpoolLockedException(String message) {
    super(message);
  }
}
