package io.botasky.agent.probe.system;

/**
 * Something a probe could not read while the rest of its round went on (the agent runs
 * unprivileged): {@code what} names it (a mount point, a check), {@code reason} says why.
 */
public record Unreadable(String what, String reason) {}
