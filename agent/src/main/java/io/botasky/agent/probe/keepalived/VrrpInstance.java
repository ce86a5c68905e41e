package io.botasky.agent.probe.keepalived;

import java.util.List;

/**
 * One VRRP instance as keepalived dumped it.
 *
 * @param state {@code INIT}, {@code BACKUP}, {@code MASTER} or {@code FAULT}
 * @param vips the virtual addresses, without prefix length or device ({@code 10.99.0.100})
 */
public record VrrpInstance(String name, String state, List<String> vips) {}
