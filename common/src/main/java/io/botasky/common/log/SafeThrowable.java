package io.botasky.common.log;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import io.botasky.common.text.SafeText;

/**
 * A stack trace as logback's {@code %ex{full}} writes it, except that each exception's message is
 * one line with its controls escaped and its secrets masked. Exception messages often quote what
 * came from outside (a JSON parser quotes the body, a driver the value, an SMTP server its reply),
 * and the frame lines around them must stay the only line breaks of the trace.
 */
public final class SafeThrowable {
  private SafeThrowable() {}

  /** The whole trace, each line ending in {@link CoreConstants#LINE_SEPARATOR}. */
  public static String stackTrace(IThrowableProxy tp) {
    StringBuilder sb = new StringBuilder(2048);
    append(sb, null, ThrowableProxyUtil.REGULAR_EXCEPTION_INDENT, tp);
    return sb.toString();
  }

  /**
   * {@code t}'s message, one line, controls escaped and secrets masked; its class name when it has
   * none.
   */
  public static String message(Throwable t) {
    if (t == null) {
      return "";
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getName() : SafeText.line(Secrets.mask(m));
  }

  // The shape of logback's ThrowableProxyUtil.recursiveAppend, with the first line neutralised.
  private static void append(StringBuilder sb, String prefix, int indent, IThrowableProxy tp) {
    if (tp == null) {
      return;
    }
    ThrowableProxyUtil.indent(sb, indent - 1);
    if (prefix != null) {
      sb.append(prefix);
    }
    StringBuilder first = new StringBuilder(128);
    ThrowableProxyUtil.subjoinExceptionMessage(first, tp);
    sb.append(SafeText.line(Secrets.mask(first.toString()))).append(CoreConstants.LINE_SEPARATOR);
    ThrowableProxyUtil.subjoinSTEPArray(sb, indent, tp);
    IThrowableProxy[] suppressed = tp.getSuppressed();
    if (suppressed != null) {
      for (IThrowableProxy s : suppressed) {
        append(
            sb,
            CoreConstants.SUPPRESSED,
            indent + ThrowableProxyUtil.SUPPRESSED_EXCEPTION_INDENT,
            s);
      }
    }
    append(sb, CoreConstants.CAUSED_BY, indent, tp.getCause());
  }
}
