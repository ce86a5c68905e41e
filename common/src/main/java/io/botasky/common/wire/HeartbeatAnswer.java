package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The collector's {@code 200} answer to a heartbeat (docs/api.md, "Service inventory").
 *
 * @param servicesHash the hash of the host's inventory the collector now holds, null when it holds
 *     none; the agent's base for its next short form
 * @param resend true when a short form did not apply (the collector does not hold its base): the
 *     agent sends the full list next
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record HeartbeatAnswer(boolean ok, String servicesHash, boolean resend) {}
