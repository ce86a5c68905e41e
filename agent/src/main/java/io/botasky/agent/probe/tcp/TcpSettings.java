package io.botasky.agent.probe.tcp;

import io.botasky.agent.probe.net.TimeLimits;
import java.util.regex.Pattern;

/**
 * One {@code [tcp:NAME]} section, validated (docs/probes/tcp.md).
 *
 * @param send the bytes written after connecting, or null
 * @param expect the regex the reply must match, or null when no reply is read
 * @param slow limits on the connect time
 */
public record TcpSettings(String host, int port, byte[] send, Pattern expect, TimeLimits slow) {
  /** The reply prefix the regex sees (the contract's "first 4 KiB received"). */
  public static final int REPLY_PREFIX = 4096;
}
