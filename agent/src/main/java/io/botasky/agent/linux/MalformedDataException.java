package io.botasky.agent.linux;

import java.io.IOException;

/**
 * A /proc, /sys or /etc file whose content could not be understood (truncated, garbage). Probes
 * turn it into a failed round with this message as the reason, never into a crashed agent.
 */
public final class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super(message);
  }

  public MalformedDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
