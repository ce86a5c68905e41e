package io.botasky.agent.probe;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** A probe round that could not judge at all; the runner turns it into a failed-probe result. */
public final class ProbeException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProbeException(String message) {
    super(message);
  }

  public ProbeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A read that failed, worded for the operator: which file, and for a permission problem which
   * user the agent runs as (it runs unprivileged; the fix is a group or a mode, not root).
   */
  public static ProbeException reading(String probe, IOException e) {
    return new ProbeException(probe + ": " + describe(e), e);
  }

  public static String describe(IOException e) {
    if (e instanceof AccessDeniedException a) {
      return "permission denied reading "
          + a.getFile()
          + " (boagent runs as "
          + System.getProperty("user.name")
          + ")";
    }
    if (e instanceof NoSuchFileException n) {
      return n.getFile() + " does not exist";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
