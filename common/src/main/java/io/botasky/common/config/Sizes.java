package io.botasky.common.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as operators write them: {@code 512K 30M 1G} (binary units), or a plain byte count. */
public final class Sizes {
  private static final Pattern FORM = Pattern.compile("(\\d{1,15})\\s*([kmgt]?)(i?b)?");

  private Sizes() {}

  public static long parse(String text) {
    Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a size like \"30M\" (units K, M, G), got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    int shift =
        switch (m.group(2)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size \"" + text + "\" is too large");
    }
    return n << shift;
  }
}
