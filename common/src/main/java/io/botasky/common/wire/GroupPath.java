package io.botasky.common.wire;

import io.botasky.common.text.SafeText;
import java.util.Optional;

/**
 * A service's place in the tree (docs/api.md, "Service inventory"): names separated by {@code /},
 * e.g. {@code dev/cache}. Checked the same way by the agent (a config error with file:line) and by
 * the collector (a 400 naming the field).
 */
public final class GroupPath {
  /** Longest path, in characters. */
  public static final int MAX_CHARS = 255;

  /** Where a service without a group sits in the tree. */
  public static final String UNGROUPED = "ungrouped";

  private GroupPath() {}

  /**
   * Why {@code path} is not a group path, or empty when it is one. {@code ""} (no group) is valid.
   * Refused: more than {@value #MAX_CHARS} characters, a control or line-breaking character, an
   * empty part ({@code a//b}, a leading or trailing {@code /}), a part {@code .} or {@code ..}, a
   * part with leading or trailing blanks.
   */
  public static Optional<String> problem(String path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    if (path.length() > MAX_CHARS) {
      return Optional.of("longer than " + MAX_CHARS + " characters");
    }
    if (!SafeText.isSafeLine(path)) {
      return Optional.of("contains a control character");
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty()) {
        return Optional.of("has an empty part (\"a//b\", or a leading or trailing \"/\")");
      }
      if (part.equals(".") || part.equals("..")) {
        return Optional.of("has a part \"" + part + "\"");
      }
      if (!part.strip().equals(part)) {
        return Optional.of("has a part with leading or trailing blanks");
      }
    }
    return Optional.empty();
  }
}
