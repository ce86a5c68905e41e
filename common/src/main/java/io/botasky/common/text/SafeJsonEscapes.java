package io.botasky.common.text;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON escapes for JSON printed to a terminal ({@code botasky --json}): besides what JSON requires
 * (C0 controls, {@code "} and {@code \}), DEL, C1 controls and the characters {@link SafeText}
 * escapes (bidi controls, U+2028/U+2029) are written as backslash-u and four hex digits. The result
 * is the same JSON to any parser, and shows nothing a terminal would act on.
 */
public final class SafeJsonEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;
  private final int[] ascii;

  public SafeJsonEscapes() {
    ascii = standardAsciiEscapesForJSON();
    ascii[0x7f] = ESCAPE_STANDARD;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    if (SafeText.needsEscape(ch)) {
      return new SerializedString(String.format("\\u%04X", ch));
    }
    return null;
  }
}
