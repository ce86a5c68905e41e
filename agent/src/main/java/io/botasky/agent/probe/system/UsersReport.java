package io.botasky.agent.probe.system;

import java.time.Instant;
import java.util.List;

/**
 * Accounts and sessions.
 *
 * @param humans number of non-system accounts
 * @param recent up to three most recently active users, newest first
 * @param rootUsers users with root rights: uid 0 or in sudo, wheel or admin
 * @param online sessions as {@code user_IP_TTY}
 */
public record UsersReport(
    Instant at, int humans, List<String> recent, List<String> rootUsers, List<String> online) {}
