package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.actions.ActionDecider;
import io.botasky.collector.actions.Actions;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The agent's side of controlled actions (docs/api.md, "Controlled actions"): {@code GET
 * /api/v1/agent/actions?host=&wait=} (long poll) and {@code POST /api/v1/agent/actions/report}.
 * Both take only the agent token of that host: an action is between a host and its own agent.
 */
public final class AgentActionsRoute {
  static final int MAX_WAIT_S = 30;
  static final int MAX_REPORTS = 50;
  static final int MAX_OUTPUT = 4096;
  static final int MAX_REASON = 512;
  static final Set<String> REPORTED =
      Set.of("running", "succeeded", "failed", "timed_out", "refused");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final ApiContext ctx;
  private final Actions actions;
  private final AgentContacts contacts;

  public AgentActionsRoute(ApiContext ctx, Actions actions, AgentContacts contacts) {
    this.ctx = ctx;
    this.actions = actions;
    this.contacts = contacts;
  }

  /** The long poll: completed by a request for the host or by a timer, never a blocked thread. */
  public CompletableFuture<Response> poll(Request r) throws Exception {
    String host = Queries.optional(r, "host");
    ctx.access().requireAgentOf(r, null);
    if (host == null) {
      throw HttpError.badRequest("host", "host is required");
    }
    ctx.access().requireAgentOf(r, host);
    contacts.seen(host, r.remoteAddress());
    long waitMs = waitSeconds(r) * 1000L;
    return actions.poll(host, waitMs).thenApply(list -> ctx.ok(Actions.pollAnswer(list)));
  }

  private static int waitSeconds(Request r) {
    String v = Queries.optional(r, "wait");
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 0 && n <= MAX_WAIT_S) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw HttpError.badRequest("wait", "wait: expected a whole number of seconds from 0 to 30");
  }

  /**
   * Reports: 403 unless the agent token of the body's host (and every id of that host); 404 when an
   * id is unknown, after the others were applied (the agent drops the whole batch: each report in
   * it was applied or unknown).
   */
  public Response report(Request r) throws Exception {
    ctx.access().requireAgentOf(r, null);
    JsonNode body = ctx.json().object(r);
    String host = Fields.name(body, "", "host", true, 255);
    ctx.access().requireAgentOf(r, host);
    contacts.seen(host, r.remoteAddress());
    JsonNode arr = Fields.array(body, "reports", MAX_REPORTS);
    List<ActionDecider.Report> reports = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      reports.add(parse(arr.get(i), "reports[" + i + "]"));
    }
    Actions.ReportResult res = actions.report(host, reports);
    if (!res.unknown().isEmpty()) {
      throw new HttpError(404, "id", "no action " + res.unknown().get(0) + " on this collector");
    }
    return ctx.ok(Map.of("ok", true));
  }

  static ActionDecider.Report parse(JsonNode n, String p) {
    if (n == null || !n.isObject()) {
      throw HttpError.badRequest(p, p + ": expected an object");
    }
    Long id = null;
    if (n.hasNonNull("id")) {
      id = Fields.integer(n, p, "id");
      if (id <= 0) {
        throw HttpError.badRequest(p + ".id", p + ".id: expected a positive whole number");
      }
    }
    boolean scheduled = id == null;
    String uuid = Fields.string(n, p, "uuid", scheduled, 36);
    if (uuid != null && !UUID.matcher(uuid).matches()) {
      throw HttpError.badRequest(p + ".uuid", p + ".uuid: expected a lower-case UUID");
    }
    String resource =
        scheduled
            ? Fields.matching(n, p, "resource", HeartbeatParser.RESOURCE, "a resource name")
            : Fields.name(n, p, "resource", false, 32);
    String instance = Fields.name(n, p, "instance", false, 255);
    if (scheduled && instance == null) {
      throw HttpError.badRequest(p + ".instance", p + ".instance is required");
    }
    String action =
        scheduled
            ? Fields.matching(n, p, "action", ActionsRoute.ACTION, "an action name")
            : Fields.name(n, p, "action", false, 32);
    Fields.name(n, p, "by", false, ActionsRoute.MAX_BY);
    String state = Fields.string(n, p, "state", true, 16);
    if (!REPORTED.contains(state)) {
      throw HttpError.badRequest(
          p + ".state", p + ".state: expected running, succeeded, failed, timed_out or refused");
    }
    Integer exit = null;
    if (n.hasNonNull("exit_code")) {
      long e = Fields.integer(n, p, "exit_code");
      if (e < Integer.MIN_VALUE || e > Integer.MAX_VALUE) {
        throw HttpError.badRequest(p + ".exit_code", p + ".exit_code: out of range");
      }
      exit = (int) e;
    }
    String output = output(n, p);
    String reason = Fields.string(n, p, "reason", false, MAX_REASON);
    long at = Fields.integer(n, p, "at");
    if (at < 0) {
      throw HttpError.badRequest(p + ".at", p + ".at: expected epoch milliseconds");
    }
    return new ActionDecider.Report(
        id, uuid, resource, instance, action, null, state, exit, output, reason, at);
  }

  /**
   * A command's output: any text up to {@value #MAX_OUTPUT} characters; a NUL a command printed is
   * replaced (U+FFFD) rather than refused, or the agent would retry the report for ever.
   */
  private static String output(JsonNode n, String p) {
    JsonNode o = n.get("output");
    if (o == null || o.isNull()) {
      return null;
    }
    String f = p + ".output";
    if (!o.isTextual()) {
      throw HttpError.badRequest(f, f + ": expected a string");
    }
    String s = o.textValue();
    if (s.codePointCount(0, s.length()) > MAX_OUTPUT) {
      throw HttpError.badRequest(f, f + ": longer than " + MAX_OUTPUT + " characters");
    }
    return s.replace('\0', '\uFFFD');
  }
}
