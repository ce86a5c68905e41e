package io.botasky.collector.auth;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.RouteAccess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what. Agent tokens write for their own host only; the admin token may do anything; the
 * read token (when set) guards reads. Tokens are looked up by their SHA-256, so the time a lookup
 * takes tells nothing about how much of a guess was right.
 */
public final class Access {
  /** Who a token belongs to. */
  public enum Role {
    AGENT,
    ADMIN,
    READER
  }

  /** An authenticated caller; {@code host} is set for agents. */
  public record Principal(Role role, String host) {}

  /** Every token known at once: a reload swaps the whole table, never a part of it. */
  private record Table(Map<String, Principal> byDigest, boolean readTokenSet) {}

  private volatile Table table;

  public Access(Map<String, String> agentTokenToHost, String adminToken, String readToken) {
    replace(agentTokenToHost, adminToken, readToken);
  }

  /**
   * Swaps every token at once (a reload, docs/operations.md "Reload"): the next request of a
   * removed host's token gets 401; connections open now stay, they are asked again per request.
   */
  public void replace(Map<String, String> agentTokenToHost, String adminToken, String readToken) {
    Map<String, Principal> byDigest = new HashMap<>();
    agentTokenToHost.forEach(
        (token, host) -> byDigest.put(digest(token), new Principal(Role.AGENT, host)));
    if (readToken != null && !readToken.isEmpty()) {
      byDigest.put(digest(readToken), new Principal(Role.READER, null));
    }
    if (adminToken != null && !adminToken.isEmpty()) {
      byDigest.put(digest(adminToken), new Principal(Role.ADMIN, null));
    }
    table = new Table(Map.copyOf(byDigest), readToken != null && !readToken.isEmpty());
  }

  /** An agent (or admin) token; the host check happens once the body is read. 401 otherwise. */
  public Principal requireWriter(Request r) {
    Principal p = authenticate(r);
    if (p.role() == Role.READER) {
      throw new HttpError(403, null, "the read token cannot write");
    }
    return p;
  }

  /**
   * 403 unless the agent token belongs to {@code host} (the admin token may report for any host).
   */
  public static void requireHost(Principal p, String host) {
    if (p.role() == Role.AGENT && !p.host().equals(host)) {
      throw new HttpError(403, "host", "this token reports only for host \"" + p.host() + "\"");
    }
  }

  /**
   * The agent token of {@code host} (any host when null), 403 for any other token: controlled
   * actions are between a host and its own agent (docs/api.md, "Controlled actions").
   */
  public Principal requireAgentOf(Request r, String host) {
    Principal p = authenticate(r);
    if (p.role() != Role.AGENT) {
      throw new HttpError(403, null, "needs the agent token of the host");
    }
    if (host != null && !p.host().equals(host)) {
      throw new HttpError(403, "host", "this token is for host \"" + p.host() + "\" only");
    }
    return p;
  }

  public Principal requireAdmin(Request r) {
    Principal p = authenticate(r);
    if (p.role() != Role.ADMIN) {
      throw new HttpError(403, null, "needs the admin token");
    }
    return p;
  }

  /**
   * Reads are open unless {@code read_token} is set; then the read or admin token is needed, as a
   * bearer token or as {@code ?token=} (a browser's EventSource cannot send headers). The query
   * form is accepted for reads only, so a token in a URL can never change anything.
   */
  public void requireRead(Request r) {
    Table t = table;
    if (!t.readTokenSet()) {
      return;
    }
    Principal p =
        r.bearerToken().isEmpty() && r.queryParam("token").isPresent()
            ? lookup(t, r.queryParam("token").get())
            : lookup(t, bearer(r));
    if (p.role() == Role.AGENT) {
      throw new HttpError(403, null, "needs the read token or the admin token");
    }
  }

  /**
   * The head check of every route ({@link RouteAccess}): the same answers as the handlers' checks,
   * given before any body is read. An agent token's host is checked later, against the body.
   */
  public void check(RouteAccess access, Request head) {
    switch (access) {
      case PUBLIC -> {}
      case READ -> requireRead(head);
      case AGENT -> requireWriter(head);
      case ADMIN -> requireAdmin(head);
    }
  }

  /**
   * Whether {@code r} carries the read or the admin token (as a bearer token or {@code ?token=}):
   * such a caller may see details, like why the database is unavailable, that others may not.
   */
  public boolean privileged(Request r) {
    Optional<String> token = r.bearerToken().or(() -> r.queryParam("token"));
    if (token.isEmpty()) {
      return false;
    }
    Principal p = table.byDigest().get(digest(token.get()));
    return p != null && p.role() != Role.AGENT;
  }

  private Principal authenticate(Request r) {
    return lookup(table, bearer(r));
  }

  private static String bearer(Request r) {
    return r.bearerToken().orElseThrow(() -> new HttpError(401, null, "missing bearer token"));
  }

  private static Principal lookup(Table t, String token) {
    Principal p = t.byDigest().get(digest(token));
    if (p == null) {
      throw new HttpError(401, null, "unknown token");
    }
    return p;
  }

  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
