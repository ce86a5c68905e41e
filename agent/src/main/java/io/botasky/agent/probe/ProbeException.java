package io.botasky.agent.probe;

/** A probe round that could not judge at all; the runner turns it into a failed-probe result. */
public final class ProbeException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProbeException(String message) {
    super(message);
  }

  public ProbeException(String message, Throwable cause) {
    super(message, cause);
  }
}
