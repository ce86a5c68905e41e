package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.auth.Access;
import io.botasky.collector.http.Request;
import java.util.function.Function;

/**
 * The one order every agent write follows: a writer token (401/403), then the body (415/400), then
 * the token's host against the body's host (403), then the first-contact log. Kept in one place so
 * no route can check the host before it knows the body, or forget to.
 */
final class AgentWrite {
  private final ApiContext ctx;
  private final AgentContacts contacts;

  AgentWrite(ApiContext ctx, AgentContacts contacts) {
    this.ctx = ctx;
    this.contacts = contacts;
  }

  /**
   * Parses {@code r} with {@code parser} after the token check; {@code hostOf} names the host it
   * reports for.
   */
  <P> P accept(Request r, Function<JsonNode, P> parser, Function<P, String> hostOf) {
    Access.Principal who = ctx.access().requireWriter(r);
    P parsed = parser.apply(ctx.json().object(r));
    String host = hostOf.apply(parsed);
    Access.requireHost(who, host);
    if (who.role() == Access.Role.AGENT) {
      contacts.seen(who.host(), r.remoteAddress());
    }
    return parsed;
  }
}
