package io.botasky.notifier.channel.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.common.log.SafeThrowable;
import io.botasky.common.log.Secrets;
import io.botasky.common.text.SafeText;
import io.botasky.notifier.channel.Channel;
import io.botasky.notifier.channel.DeliveryException;
import io.botasky.notifier.channel.Notification;
import io.botasky.notifier.policy.Contact;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The {@code webhook} channel: a JSON POST to the contact's URL. The ledger's target is the contact
 * name, never the URL, since robot URLs carry their access token. Redirects are not followed: a 3xx
 * answer is a final failure (see {@link #redirected}).
 */
public final class WebhookChannel implements Channel {
  /** DingTalk "send too fast" and WeCom "api freq out of limit": the robot asks to slow down. */
  private static final Set<Integer> RATE_LIMIT_CODES = Set.of(130101, 45009);

  private final HttpClient http;
  private volatile Map<String, Contact> contacts;
  private final Duration timeout;
  private final String master;
  private final ObjectMapper json;

  public WebhookChannel(
      HttpClient http,
      Map<String, Contact> contacts,
      Duration timeout,
      String master,
      ObjectMapper json) {
    this.http = http;
    this.contacts = Map.copyOf(contacts);
    this.timeout = timeout;
    this.master = master;
    this.json = json;
  }

  /** The contacts of a reloaded escalation file (docs/operations.md, "Reload"). */
  public void replaceContacts(Map<String, Contact> contacts) {
    this.contacts = Map.copyOf(contacts);
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    Contact c = contacts.get(n.target());
    if (c == null || c.webhook() == null) {
      throw new DeliveryException(
          "webhook " + n.target() + ": no such contact with a webhook in the escalation file",
          false);
    }
    String body = WebhookBody.render(json, c.webhookFormat(), n, master);
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(c.webhook()))
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "botasky-boird")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DeliveryException(
          "webhook "
              + n.target()
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + SafeThrowable.message(e),
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("webhook " + n.target() + ": interrupted", true, e);
    }
    if (resp.statusCode() >= 300 && resp.statusCode() < 400) {
      throw redirected(
          n.target(), resp.statusCode(), resp.headers().firstValue("Location").orElse(null));
    }
    classify(n.target(), c.webhookFormat(), resp.statusCode(), resp.body());
  }

  /**
   * A redirect is never followed (the client is built with {@code Redirect.NEVER}): the body would
   * go, with the token in its URL, wherever the answer points, and a POST turned into a GET would
   * be reported as delivered. It is a final failure for the operator to fix by updating the URL.
   * The Location is shown as its origin only, since its path and query may carry a token too.
   */
  static DeliveryException redirected(String target, int status, String location) {
    return new DeliveryException(
        "webhook "
            + target
            + ": HTTP "
            + status
            + " redirect to "
            + origin(location)
            + " not followed; update the contact's webhook URL",
        false);
  }

  /** {@code https://host:port/…} of a URL, nothing of its user information, path or query. */
  static String origin(String url) {
    if (url == null || url.isBlank()) {
      return "(no Location)";
    }
    try {
      URI u = URI.create(url.strip());
      if (u.getHost() == null) {
        return "(a relative Location)";
      }
      String port = u.getPort() < 0 ? "" : ":" + u.getPort();
      return SafeText.line(u.getScheme() + "://" + u.getHost() + port + "/…");
    } catch (IllegalArgumentException e) {
      return "(an invalid Location)";
    }
  }

  /**
   * 2xx is success, 5xx, 408 and 429 are worth a retry, any other status is final. DingTalk and
   * WeCom answer 200 with a non-zero {@code errcode} on failure, which is final unless it is a rate
   * limit.
   */
  void classify(String target, String format, int status, String body) throws DeliveryException {
    if (status >= 200 && status < 300) {
      if (format.equals("dingtalk") || format.equals("wecom")) {
        int code = errcode(body);
        if (code != 0) {
          throw new DeliveryException(
              "webhook " + target + ": robot answered errcode " + code + ": " + clip(body),
              RATE_LIMIT_CODES.contains(code));
        }
      }
      return;
    }
    boolean retry = status >= 500 || status == 408 || status == 429;
    throw new DeliveryException(
        "webhook " + target + ": HTTP " + status + ": " + clip(body), retry);
  }

  private int errcode(String body) {
    try {
      JsonNode n = json.readTree(body);
      return n != null && n.has("errcode") ? n.get("errcode").asInt() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The start of an answer, fit for the log and the ledger: masked, one line, at most 200
   * characters.
   */
  private static String clip(String s) {
    String t = s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    return SafeText.line(Secrets.mask(t));
  }
}
