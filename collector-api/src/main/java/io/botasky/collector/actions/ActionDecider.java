package io.botasky.collector.actions;

import io.botasky.collector.store.ActionStore.ActionRow;
import io.botasky.collector.store.HostInventory;
import io.botasky.collector.store.Service;
import java.util.Optional;

/**
 * Pure decisions of controlled actions (docs/api.md, "Controlled actions"): whether the inventory
 * lets a request through, and what a report makes of an action.
 */
public final class ActionDecider {
  private ActionDecider() {}

  /** Why a request is refused: the HTTP status, the field named, the message. */
  public record Refusal(int status, String field, String message) {}

  /** A state an agent reports, as parsed (times epoch ms; {@code id} null for a scheduled one). */
  public record Report(
      Long id,
      String uuid,
      String resource,
      String instance,
      String action,
      String by,
      String state,
      Integer exitCode,
      String output,
      String reason,
      long at) {}

  /**
   * The checks after the body's, in the contract's order: 404 unknown host or service, 403
   * protected, 400 action not offered. Empty when the request may be stored.
   */
  public static Optional<Refusal> refusal(
      HostInventory inv, String host, String resource, String instance, String action) {
    Optional<Service> svc =
        inv.services().stream()
            .filter(s -> s.resource().equals(resource) && s.instance().equals(instance))
            .findFirst();
    if (inv.services().isEmpty()) {
      return Optional.of(new Refusal(404, "host", "no host \"" + host + "\" with services"));
    }
    if (svc.isEmpty()) {
      return Optional.of(
          new Refusal(
              404, "instance", "host " + host + " has no service " + resource + ":" + instance));
    }
    if (svc.get().entry().protectedService()) {
      return Optional.of(
          new Refusal(
              403,
              "resource",
              resource + ":" + instance + " on " + host + " is protected: no action, ever"));
    }
    if (!svc.get().entry().actions().contains(action)) {
      return Optional.of(
          new Refusal(
              400,
              "action",
              resource
                  + ":"
                  + instance
                  + " on "
                  + host
                  + " offers no action \""
                  + action
                  + "\" (offered: "
                  + String.join(", ", svc.get().entry().actions())
                  + ")"));
    }
    return Optional.empty();
  }

  /**
   * What {@code r} makes of {@code cur}: empty when nothing changes (a repeated report, a report on
   * a finished action, running after running). pending → running → final, or pending → final (a
   * refusal, or a run whose running report was lost). Times are the agent's, kept between the
   * request and {@code now} (an agent's clock is not trusted to order them).
   */
  public static Optional<ActionRow> next(ActionRow cur, Report r, long now) {
    if (!cur.open() || r.state().equals(cur.state())) {
      return Optional.empty();
    }
    long at = Math.max(cur.requestedAt(), Math.min(r.at(), now));
    if (r.state().equals("running")) {
      return Optional.of(
          new ActionRow(
              cur.id(),
              cur.uuid(),
              cur.host(),
              cur.resource(),
              cur.instance(),
              cur.action(),
              cur.by(),
              cur.comment(),
              "running",
              null,
              cur.requestedAt(),
              at,
              null,
              null,
              null,
              cur.alertId(),
              cur.source()));
    }
    Long started =
        cur.startedAt() != null ? cur.startedAt() : r.state().equals("refused") ? null : at;
    long finished = Math.max(at, started == null ? at : started);
    return Optional.of(
        new ActionRow(
            cur.id(),
            cur.uuid(),
            cur.host(),
            cur.resource(),
            cur.instance(),
            cur.action(),
            cur.by(),
            cur.comment(),
            r.state(),
            r.reason(),
            cur.requestedAt(),
            started,
            finished,
            r.exitCode(),
            r.output(),
            cur.alertId(),
            cur.source()));
  }

  /** A pending action past {@code action_expiry}, expired. */
  public static ActionRow expired(ActionRow cur, long now, long expiryMs) {
    return new ActionRow(
        cur.id(),
        cur.uuid(),
        cur.host(),
        cur.resource(),
        cur.instance(),
        cur.action(),
        cur.by(),
        cur.comment(),
        "expired",
        "not picked up by the agent within action_expiry (" + expiryMs / 1000 + " s)",
        cur.requestedAt(),
        null,
        now,
        null,
        null,
        cur.alertId(),
        cur.source());
  }
}
