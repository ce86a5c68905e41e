package io.botasky.notifier.channel.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.common.conf.CollectorAddress;
import io.botasky.common.text.SafeText;
import io.botasky.notifier.channel.Channel;
import io.botasky.notifier.channel.DeliveryException;
import io.botasky.notifier.channel.Item;
import io.botasky.notifier.channel.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code action} step channel: asks the collector to run the agent's {@code action_NAME} on the
 * alert's own service, through {@code POST /api/v1/actions} with the admin token (docs/api.md,
 * docs/notifier.md). The target is the action's name. The collector owns the actions table and the
 * agent decides whether to run it; this only requests.
 */
public final class ActionChannel implements Channel {
  private static final Logger log = LoggerFactory.getLogger("deliver");

  private final HttpClient http;
  private final CollectorAddress collector;
  private final Duration timeout;
  private final ObjectMapper json;

  /**
   * @param collector the local collector, or null when pihealthd.conf names none (every request
   *     then fails for good, with the reason in the ledger)
   */
  public ActionChannel(
      HttpClient http, CollectorAddress collector, Duration timeout, ObjectMapper json) {
    this.http = http;
    this.collector = collector;
    this.timeout = timeout;
    this.json = json;
  }

  @Override
  public String type() {
    return "action";
  }

  @Override
  public boolean paced() {
    return false;
  }

  @Override
  public boolean requestsActions() {
    return true;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    for (Item i : n.items()) {
      request(n.target(), i);
    }
  }

  private void request(String action, Item i) throws DeliveryException {
    String what =
        "action "
            + action
            + " on "
            + SafeText.line(i.alert().host())
            + " "
            + SafeText.line(i.alert().resourceInstance());
    if (collector == null) {
      throw new DeliveryException(what + ": no collector address in pihealthd.conf", false);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("host", i.alert().host());
    body.put("resource", i.alert().resource());
    body.put("instance", i.alert().instance());
    body.put("action", action);
    body.put("by", "boird");
    body.put("comment", "alert " + i.alert().id() + " step " + i.step());
    body.put("alert_id", i.alert().id());
    HttpResponse<byte[]> r;
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base() + "/api/v1/actions"))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      if (collector.adminToken() != null && !collector.adminToken().isEmpty()) {
        b.header("Authorization", "Bearer " + collector.adminToken());
      }
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DeliveryException(
          what + ": cannot reach the collector at " + base() + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(what + ": interrupted", true, e);
    }
    int status = r.statusCode();
    if (status == 202 || status == 200) {
      log.info(
          "action: id={} host={} service={} action={} by=boird state={} alert={} step={}",
          field(r.body(), "id"),
          SafeText.line(i.alert().host()),
          SafeText.line(i.alert().resourceInstance()),
          action,
          field(r.body(), "state"),
          i.alert().id(),
          i.step());
      return;
    }
    if (status == 409) {
      // One is pending or running on that service already: what the step wanted is under way.
      log.info(
          "action: host={} service={} action={} by=boird: another action is pending or running"
              + " (alert {} step {})",
          SafeText.line(i.alert().host()),
          SafeText.line(i.alert().resourceInstance()),
          action,
          i.alert().id(),
          i.step());
      return;
    }
    String msg = error(r.body());
    // 5xx or 429: the collector may answer later. 4xx: the request itself is wrong (unknown
    // service, action not offered, protected service, bad token) and stays wrong.
    boolean retry = status >= 500 || status == 429;
    throw new DeliveryException(what + ": " + status + (msg.isEmpty() ? "" : ": " + msg), retry);
  }

  private String base() {
    String b = collector.baseUrl();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  private String field(byte[] body, String name) {
    try {
      JsonNode a = json.readTree(body).path("action");
      return a.hasNonNull(name) ? SafeText.line(a.get(name).asText()) : "-";
    } catch (IOException | RuntimeException e) {
      return "-";
    }
  }

  private String error(byte[] body) {
    try {
      JsonNode n = json.readTree(body);
      return n == null ? "" : SafeText.line(n.path("error").asText(""));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
