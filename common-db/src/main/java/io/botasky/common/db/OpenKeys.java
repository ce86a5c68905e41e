package io.botasky.common.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The indexed key of an open alert ({@code alerts.open_key}): SHA-256 of the fingerprint. Every
 * writer of {@code alerts} must compute it here, or two keys could exist for one alert. Hashed
 * because the fingerprint can be longer than an index may be; joined by NUL, which validation keeps
 * out of every part, so {@code a/b} + {@code c} and {@code a} + {@code b/c} never collide.
 */
public final class OpenKeys {
  private OpenKeys() {}

  public static String of(String host, String resource, String instance, String check) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      String joined = host + '\0' + resource + '\0' + instance + '\0' + check;
      return HexFormat.of().formatHex(md.digest(joined.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The indexed key of a service's open action ({@code actions.open_key}, docs/collector.md,
   * "Controlled actions"): SHA-256 of host, resource and instance, joined the same way.
   */
  public static String ofService(String host, String resource, String instance) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      String joined = host + '\0' + resource + '\0' + instance;
      return HexFormat.of().formatHex(md.digest(joined.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
