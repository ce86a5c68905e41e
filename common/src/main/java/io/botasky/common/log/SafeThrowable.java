package io.botasky.common.log;

import io.botasky.common.text.SafeText;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A stack trace in the familiar shape (frames as {@code \tat …}, {@code Caused by: }, {@code
 * \tSuppressed: }, frames shared with the enclosing trace as {@code ... N common frames omitted}),
 * except that each exception's message is one line with its controls escaped and its secrets
 * masked. Exception messages often quote what came from outside (a JSON parser quotes the body, a
 * driver the value, an SMTP server its reply), and the frame lines around them must stay the only
 * line breaks of the trace.
 */
public final class SafeThrowable {
  private SafeThrowable() {}

  /** Appends {@code t}'s whole trace, each line ending in a newline. */
  static void appendTrace(StringBuilder sb, Throwable t) {
    append(
        sb, "", 0, t, new StackTraceElement[0], Collections.newSetFromMap(new IdentityHashMap<>()));
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

  /**
   * One throwable at {@code depth} tabs: its first line after {@code prefix}, its frames one tab
   * deeper except those it shares at the bottom with {@code enclosing}, then its suppressed ones
   * and its cause. A throwable met again (a cause cycle) is named, not followed.
   */
  private static void append(
      StringBuilder sb,
      String prefix,
      int depth,
      Throwable t,
      StackTraceElement[] enclosing,
      Set<Throwable> seen) {
    tabs(sb, depth);
    sb.append(prefix);
    if (!seen.add(t)) {
      sb.append("[CIRCULAR REFERENCE: ").append(firstLine(t)).append("]\n");
      return;
    }
    sb.append(firstLine(t)).append('\n');
    StackTraceElement[] frames = t.getStackTrace();
    int common = 0;
    for (int i = frames.length - 1, j = enclosing.length - 1;
        i >= 0 && j >= 0 && frames[i].equals(enclosing[j]);
        i--, j--) {
      common++;
    }
    for (int i = 0; i < frames.length - common; i++) {
      tabs(sb, depth + 1);
      sb.append("at ").append(frames[i]).append('\n');
    }
    if (common > 0) {
      tabs(sb, depth + 1);
      sb.append("... ").append(common).append(" common frames omitted\n");
    }
    for (Throwable s : t.getSuppressed()) {
      append(sb, "Suppressed: ", depth + 1, s, frames, seen);
    }
    Throwable cause = t.getCause();
    if (cause != null) {
      append(sb, "Caused by: ", depth, cause, frames, seen);
    }
  }

  /** {@code class: message}, the message neutralised (as {@code Throwable.toString}). */
  private static String firstLine(Throwable t) {
    String m = t.getLocalizedMessage();
    String s = m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m;
    return SafeText.line(Secrets.mask(s));
  }

  private static void tabs(StringBuilder sb, int n) {
    for (int i = 0; i < n; i++) {
      sb.append('\t');
    }
  }
}
