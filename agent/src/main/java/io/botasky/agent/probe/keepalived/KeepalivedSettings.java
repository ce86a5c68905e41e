package io.botasky.agent.probe.keepalived;

import java.time.Duration;

/**
 * The settings of the {@code [keepalived]} section.
 *
 * @param expect {@code master}, {@code backup} or {@code any}: with {@code master}, losing the VIP
 *     raises {@code vip_lost}
 * @param binary where keepalived is installed; used only to tell "not installed" from "not running"
 * @param dumpTimeout how long to wait for keepalived to write its state dump after the signal
 */
public record KeepalivedSettings(
    String vip, String iface, String expect, String binary, Duration dumpTimeout) {}
