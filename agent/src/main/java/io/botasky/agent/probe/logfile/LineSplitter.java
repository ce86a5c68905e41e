package io.botasky.agent.probe.logfile;

import io.botasky.common.wire.LogLine;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts bytes read from a log file into lines, with no I/O of its own (docs/probes/logfile.md).
 * Bounded: a line longer than {@code maxBytes} is cut there and marked, and the rest of it up to
 * the next newline is skipped, so a file without newlines cannot grow the agent. Invalid UTF-8
 * becomes U+FFFD; control characters are removed (a tab becomes a space); a trailing CR of a CRLF
 * line goes. Lines that are empty after cleaning are not passed on. Not thread-safe.
 */
final class LineSplitter {
  /** Appended to a line that was cut at the byte limit. */
  static final String CUT = " [cut]";

  private final int maxBytes;
  private final byte[] carry;
  private int carried;
  private boolean skipping;

  LineSplitter(int maxBytes) {
    this.maxBytes = maxBytes;
    this.carry = new byte[maxBytes];
  }

  /** Passes every complete line in {@code buf[off, off+len)} to {@code out}. */
  void feed(byte[] buf, int off, int len, Consumer<String> out) {
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (buf[i] == '\n') {
        take(buf, start, i - start, out);
        if (!skipping) {
          emit(carry, carried, false, out);
        }
        carried = 0;
        skipping = false;
        start = i + 1;
      }
    }
    take(buf, start, end - start, out);
  }

  /**
   * The end of a file that will not grow again (it was rotated away or deleted): its last line,
   * even without a newline, is passed on.
   */
  void finish(Consumer<String> out) {
    if (!skipping) {
      emit(carry, carried, false, out);
    }
    carried = 0;
    skipping = false;
  }

  /** Forgets a partial line (the file was truncated under it). */
  void reset() {
    carried = 0;
    skipping = false;
  }

  /** Adds bytes of the current line to the carry; past the limit emits the cut line. */
  private void take(byte[] buf, int from, int n, Consumer<String> out) {
    if (skipping || n == 0) {
      return;
    }
    int room = maxBytes - carried;
    if (n < room) {
      System.arraycopy(buf, from, carry, carried, n);
      carried += n;
      return;
    }
    System.arraycopy(buf, from, carry, carried, room);
    carried = maxBytes;
    emit(carry, carried, true, out);
    carried = 0;
    skipping = true;
  }

  private static void emit(byte[] b, int n, boolean cut, Consumer<String> out) {
    if (n == 0) {
      return;
    }
    int len = n;
    if (cut) {
      // Do not split a UTF-8 sequence: back up to the start of the last character when it may be
      // incomplete (continuation bytes are 10xxxxxx).
      int i = len - 1;
      while (i > 0 && (b[i] & 0xC0) == 0x80 && len - i < 4) {
        i--;
      }
      if ((b[i] & 0x80) != 0) {
        int need = (b[i] & 0xE0) == 0xC0 ? 2 : (b[i] & 0xF0) == 0xE0 ? 3 : 4;
        if (len - i < need) {
          len = i;
        }
      }
    } else if (b[len - 1] == '\r') {
      len--;
    }
    String text = clean(new String(Arrays.copyOf(b, len), StandardCharsets.UTF_8));
    if (cut) {
      text = text + CUT;
    }
    if (!text.isBlank()) {
      out.accept(text);
    }
  }

  /** The cleaning of {@link LogLine#clean}, leaving room for the cut mark. */
  static String clean(String s) {
    return LogLine.clean(s, LogLine.MAX_CHARS - CUT.length());
  }
}
