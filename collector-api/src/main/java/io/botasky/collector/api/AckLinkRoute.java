package io.botasky.collector.api;

import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.AckLinkStore;
import io.botasky.collector.store.AlertQueries;
import io.botasky.common.acklink.AckToken;
import io.botasky.common.acklink.AckTokens;
import io.botasky.common.acklink.AckTokens.Verdict;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.AlertState;
import io.botasky.common.wire.AlertView;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /ack/{token}} and {@code POST /ack/{token}}: the one-click ack link of a FIRING mail
 * (docs/notifier.md, "One-click ack"). Who may call: anyone holding a valid token — the token is
 * the credential, so the routes take no other. GET only shows the alert and a button (mail scanners
 * follow links); the button's POST acks it, as the mail's recipient, once. Every answer is a small
 * self-contained HTML page (no script, no external asset, a CSP that allows none).
 */
public final class AckLinkRoute {
  /** The comment stored with an ack made through a link. */
  static final String COMMENT = "acked from the mail's one-click link";

  private static final Map<String, String> HEADERS =
      Map.of(
          "Cache-Control", "no-store",
          "X-Content-Type-Options", "nosniff",
          // Nothing but the page itself and a form posting back to it.
          "Content-Security-Policy",
              "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
          "X-Frame-Options", "DENY",
          // The URL is the credential: it must not leave in a Referer header.
          "Referrer-Policy", "no-referrer");

  private final AckLinkStore links;
  private final AlertQueries alerts;
  private final AckRoute acks;
  private final Clock clock;

  public AckLinkRoute(AckLinkStore links, AlertQueries alerts, AckRoute acks, Clock clock) {
    this.links = links;
    this.alerts = alerts;
    this.acks = acks;
    this.clock = clock;
  }

  /** Shows the alert and, while it fires, the button. Changes nothing. */
  public Response show(Request r) throws SQLException {
    Verdict v = AckTokens.verify(r.pathParams().get("token"), links.keys(), clock);
    Response refused = refused(v);
    if (refused != null) {
      return refused;
    }
    AckToken t = v.token();
    Optional<AckLinkStore.Use> used = links.used(t.tokenId());
    if (used.isPresent()) {
      return usedPage(used.get());
    }
    Optional<AlertView> a = alerts.get(t.alertId());
    if (a.isEmpty()) {
      return page(404, "No such alert", "<p>Alert " + t.alertId() + " no longer exists.</p>");
    }
    StringBuilder body = new StringBuilder(describe(a.get()));
    if (a.get().state() == AlertState.FIRING) {
      body.append("<form method=\"post\"><button type=\"submit\">Ack as ")
          .append(esc(t.recipient()))
          .append("</button></form>");
    } else {
      body.append("<p>").append(notFiring(a.get())).append("</p>");
    }
    return page(200, "Ack alert " + t.alertId(), body.toString());
  }

  /** Acks the alert as the token's recipient, once. */
  public Response ack(Request r) throws SQLException {
    Verdict v = AckTokens.verify(r.pathParams().get("token"), links.keys(), clock);
    Response refused = refused(v);
    if (refused != null) {
      return refused;
    }
    AckToken t = v.token();
    if (!links.claim(t.tokenId(), t.alertId(), t.recipient(), t.expiresAt())) {
      return usedPage(links.used(t.tokenId()).orElse(new AckLinkStore.Use("?", 0)));
    }
    AlertQueries.AckResult result = acks.ack(t.alertId(), t.recipient(), COMMENT, null, false);
    if (result != AlertQueries.AckResult.ACKED) {
      // Nothing changed: the link stays usable (e.g. for an alert that fires again under it).
      links.release(t.tokenId());
    }
    Optional<AlertView> a = alerts.get(t.alertId());
    return switch (result) {
      case ACKED ->
          page(
              200,
              "Acked",
              "<p><b>Acked by " + esc(t.recipient()) + ".</b></p>" + describe(a.orElseThrow()));
      case ALREADY_ACKED -> page(200, "Already acked", "<p>" + notFiring(a.orElseThrow()) + "</p>");
      case RESOLVED ->
          page(409, "Resolved", "<p>This alert is resolved; there is nothing to ack.</p>");
      case NOT_FOUND ->
          page(404, "No such alert", "<p>Alert " + t.alertId() + " no longer exists.</p>");
    };
  }

  /** The page for a token that is not VALID, or null when it is. */
  private static Response refused(Verdict v) {
    return switch (v.outcome()) {
      case VALID -> null;
      case EXPIRED ->
          page(
              410,
              "Link expired",
              "<p>This ack link has expired (links are good for 24 hours). Nothing was changed;"
                  + " ack with <code>botasky ack "
                  + v.token().alertId()
                  + "</code>.</p>");
      case FORGED ->
          page(
              403,
              "Invalid link",
              "<p>This ack link is not valid: it was not signed by this collector. Nothing was"
                  + " changed.</p>");
      case MALFORMED ->
          page(400, "Invalid link", "<p>This is not an ack link. Nothing was changed.</p>");
    };
  }

  private static Response usedPage(AckLinkStore.Use u) {
    return page(
        410,
        "Link already used",
        "<p>This ack link was already used"
            + (u.at() > 0 ? " by " + esc(u.by()) + " at " + Instant.ofEpochMilli(u.at()) : "")
            + ". Nothing was changed.</p>");
  }

  private static String notFiring(AlertView a) {
    return a.state() == AlertState.ACKED
        ? "Already acked by " + esc(a.ackedBy()) + "; nothing to do."
        : "This alert is resolved; there is nothing to ack.";
  }

  private static String describe(AlertView a) {
    return "<table>"
        + row("host", a.host())
        + row("resource", a.resource() + ":" + a.instance())
        + row("check", a.check())
        + row("severity", a.severity().wire())
        + row("state", a.state().wire())
        + row("summary", a.summary())
        + row("alert id", String.valueOf(a.id()))
        + "</table>";
  }

  private static String row(String name, String value) {
    return "<tr><th>" + name + "</th><td>" + esc(value) + "</td></tr>";
  }

  private static Response page(int status, String title, String body) {
    String html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"robots\""
            + " content=\"noindex\"><title>botasky: "
            + esc(title)
            + "</title></head><body><h1>"
            + esc(title)
            + "</h1>"
            + body
            + "</body></html>";
    return new Response(
        status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), HEADERS);
  }

  /** What agents sent is shown as one line (controls escaped), then HTML-escaped. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return SafeText.line(s)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
