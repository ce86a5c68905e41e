package io.botasky.collector.api;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;

/** Query-string and path-parameter parsing with the contract's 400s. */
final class Queries {
  private Queries() {}

  static int limit(Request r, int def, int max) {
    return intParam(r, "limit", def, max);
  }

  /** A whole-number query parameter from 1 to {@code max}, {@code def} when absent. */
  static int intParam(Request r, String name, int def, int max) {
    String v = r.queryParam(name).orElse(null);
    if (v == null || v.isEmpty()) {
      return def;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw HttpError.badRequest(name, name + ": expected a whole number from 1 to " + max);
  }

  static long id(String text, String field) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw HttpError.badRequest(
        field,
        field + ": expected a positive whole number, got \"" + Fields.abbreviate(text) + "\"");
  }

  static String optional(Request r, String name) {
    return r.queryParam(name).filter(s -> !s.isEmpty()).orElse(null);
  }
}
