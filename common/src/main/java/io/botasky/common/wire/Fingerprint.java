package io.botasky.common.wire;

/** The identity of an alert: {@code host/resource/instance/check}. */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(String host, String resource, String instance, String check) {
    return host + "/" + resource + "/" + (instance == null ? "" : instance) + "/" + check;
  }
}
