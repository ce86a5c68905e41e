package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.common.text.SafeText;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Typed reads of JSON fields that fail with a 400 naming the field by its path ({@code
 * events[2].state}).
 */
final class Fields {
  private Fields() {}

  static String path(String prefix, String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** A string; null when absent or JSON null and not required. */
  static String string(JsonNode obj, String prefix, String name, boolean required, int maxChars) {
    JsonNode n = obj.get(name);
    String field = path(prefix, name);
    if (n == null || n.isNull()) {
      if (required) {
        throw HttpError.badRequest(field, field + " is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw HttpError.badRequest(field, field + ": expected a string");
    }
    String s = n.textValue();
    if (s.codePointCount(0, s.length()) > maxChars) {
      throw HttpError.badRequest(field, field + ": longer than " + maxChars + " characters");
    }
    if (s.indexOf('\0') >= 0) {
      throw HttpError.badRequest(field, field + ": contains a NUL character");
    }
    return s;
  }

  /** A non-empty string without control characters (names, hosts). */
  static String name(JsonNode obj, String prefix, String name, boolean required, int maxChars) {
    String s = string(obj, prefix, name, required, maxChars);
    String field = path(prefix, name);
    if (s == null) {
      return null;
    }
    if (required && s.isEmpty()) {
      throw HttpError.badRequest(field, field + " must not be empty");
    }
    // A name (host, instance, check) is shown unquoted in logs, tables and subjects: besides
    // controls, no bidi control or line separator either (SafeText would escape them anyway).
    for (int i = 0; i < s.length(); i++) {
      if (SafeText.needsEscape(s.charAt(i))) {
        throw HttpError.badRequest(field, field + ": contains a control character");
      }
    }
    return s;
  }

  static String matching(JsonNode obj, String prefix, String name, Pattern p, String what) {
    String s = string(obj, prefix, name, true, 256);
    if (!p.matcher(s).matches()) {
      String field = path(prefix, name);
      throw HttpError.badRequest(
          field, field + ": expected " + what + ", got \"" + abbreviate(s) + "\"");
    }
    return s;
  }

  static Double number(JsonNode obj, String prefix, String name, boolean required) {
    JsonNode n = obj.get(name);
    String field = path(prefix, name);
    if (n == null || n.isNull()) {
      if (required) {
        throw HttpError.badRequest(field, field + " is required");
      }
      return null;
    }
    if (!n.isNumber()) {
      throw HttpError.badRequest(field, field + ": expected a number");
    }
    double d = n.doubleValue();
    if (Double.isInfinite(d) || Double.isNaN(d)) {
      throw HttpError.badRequest(field, field + ": number out of range");
    }
    return d;
  }

  static long integer(JsonNode obj, String prefix, String name) {
    JsonNode n = obj.get(name);
    String field = path(prefix, name);
    if (n == null || n.isNull()) {
      throw HttpError.badRequest(field, field + " is required");
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw HttpError.badRequest(field, field + ": expected a whole number");
    }
    return n.longValue();
  }

  /** An object or null (absent or JSON null). */
  static JsonNode object(JsonNode obj, String prefix, String name) {
    JsonNode n = obj.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      String field = path(prefix, name);
      throw HttpError.badRequest(field, field + ": expected an object");
    }
    return n;
  }

  static JsonNode array(JsonNode obj, String name, int maxItems) {
    JsonNode n = obj.get(name);
    if (n == null || n.isNull()) {
      throw HttpError.badRequest(name, name + " is required");
    }
    if (!n.isArray()) {
      throw HttpError.badRequest(name, name + ": expected an array");
    }
    if (n.size() > maxItems) {
      throw HttpError.badRequest(name, name + ": more than " + maxItems + " items");
    }
    return n;
  }

  /** An RFC 3339 time as epoch milliseconds, or {@code def} when absent. */
  static long time(JsonNode obj, String prefix, String name, long def) {
    String s = string(obj, prefix, name, false, 64);
    if (s == null) {
      return def;
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      // ArithmeticException: a valid time (year +999999999) whose epoch milliseconds do not fit a
      // long.
      String field = path(prefix, name);
      throw HttpError.badRequest(
          field,
          field
              + ": expected an RFC 3339 time like 2026-11-21T10:00:00Z, got \""
              + abbreviate(s)
              + "\"");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
