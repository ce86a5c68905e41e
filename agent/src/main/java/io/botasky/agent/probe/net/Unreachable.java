package io.botasky.agent.probe.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Why a target could not be reached, in the words of a check's summary: which step failed (DNS,
 * connect, TLS, the answer) and the innermost cause the JDK gave.
 */
public final class Unreachable extends Exception {
  private static final long serialVersionUID = 1L;

  /** The step that failed. */
  public enum Step {
    DNS("DNS lookup failed"),
    REFUSED("connection refused"),
    TIMEOUT("timed out"),
    TLS("TLS handshake failed"),
    NETWORK("network error"),
    PROTOCOL("bad answer");

    private final String words;

    Step(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  private final Step step;

  public Unreachable(Step step, String detail, Throwable cause) {
    super(step.words() + (detail.isEmpty() ? "" : ": " + detail), cause);
    this.step = step;
  }

  public Step step() {
    return step;
  }

  /**
   * Classifies an I/O error; {@code during} names what was going on ("connect", "reading the
   * answer") and is used for timeouts and plain network errors.
   */
  public static Unreachable of(IOException e, String during) {
    if (e instanceof UnknownHostException) {
      return new Unreachable(Step.DNS, "unknown host " + e.getMessage(), e);
    }
    if (e instanceof SocketTimeoutException) {
      return new Unreachable(Step.TIMEOUT, during, e);
    }
    if (e instanceof ConnectException) {
      String m = String.valueOf(e.getMessage());
      return m.toLowerCase(java.util.Locale.ROOT).contains("refused")
          ? new Unreachable(Step.REFUSED, "", e)
          : new Unreachable(Step.NETWORK, during + ": " + m, e);
    }
    if (e instanceof NoRouteToHostException) {
      return new Unreachable(Step.NETWORK, during + ": no route to host", e);
    }
    if (e instanceof SSLException) {
      return new Unreachable(Step.TLS, innermost(e), e);
    }
    return new Unreachable(Step.NETWORK, during + ": " + innermost(e), e);
  }

  /** The deepest cause's message: for TLS the one that names the real reason (expired, name). */
  public static String innermost(Throwable e) {
    String m = e.getMessage();
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      if (c.getMessage() != null) {
        m = c.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
