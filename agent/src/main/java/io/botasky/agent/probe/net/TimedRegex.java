package io.botasky.agent.probe.net;

import java.util.regex.Pattern;

/**
 * Runs an operator's regex over text from the network within the round's deadline. A pattern with
 * nested quantifiers can backtrack for minutes over 64 KiB; {@link java.util.regex} has no timeout,
 * but it reads its input through {@link CharSequence#charAt}, so a sequence that checks the clock
 * every few thousand reads stops it.
 */
public final class TimedRegex {
  private TimedRegex() {}

  /** Thrown when the match ran out of time. */
  public static final class TooSlow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooSlow() {
      super("the regex did not finish within the round's timeout", null, false, false);
    }
  }

  /**
   * Whether {@code p} is found anywhere in {@code text}; throws {@link TooSlow} at the deadline.
   */
  public static boolean find(Pattern p, String text, Deadline deadline) {
    return p.matcher(new Guarded(text, deadline)).find();
  }

  private static final class Guarded implements CharSequence {
    private final String text;
    private final Deadline deadline;
    private int reads;

    Guarded(String text, Deadline deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xfff) == 0 && deadline.passed()) {
        throw new TooSlow();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Guarded(text.substring(start, end), deadline);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
