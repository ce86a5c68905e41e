package io.botasky.notifier;

import io.botasky.common.config.ConfigException;
import io.botasky.common.config.Problem;
import io.botasky.common.lifecycle.Reloadable;
import io.botasky.common.log.Secrets;
import io.botasky.common.text.SafeText;
import io.botasky.notifier.channel.mail.MailChannel;
import io.botasky.notifier.channel.mail.MailSettings;
import io.botasky.notifier.channel.webhook.WebhookChannel;
import io.botasky.notifier.engine.NotificationDeliverer;
import io.botasky.notifier.engine.Planner;
import io.botasky.notifier.policy.Escalation;
import io.botasky.notifier.store.ChannelAlarms;
import jakarta.mail.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * boird's SIGHUP (docs/operations.md, "Reload"): pihealthd.conf and the escalation file read again
 * whole, by the same reader as at start. A file with any error is refused, every problem logged and
 * {@code <master> boird/config/reload_failed} raised; boird keeps what it runs. A good one hands
 * the escalation file to the plan loop (taken between two passes) and the tuning, contacts and mail
 * settings to the delivery side (taken by the next notification). The alert takes the path of the
 * notifier's own channel alarms ({@link ChannelAlarms}: the shared alert rules in the database), so
 * boird needs no token and the collector no new route.
 */
final class NotifierReload implements Reloadable {
  private static final Logger log = LoggerFactory.getLogger("boird");

  /** Reads the configuration again: {@link BoirdCommand#load}. */
  @FunctionalInterface
  interface Source {
    BoirdCommand.Loaded load() throws ConfigException;
  }

  /** The parts a reload changes. */
  record Parts(
      Planner planner,
      NotificationDeliverer deliverer,
      MailChannel mail,
      WebhookChannel webhook,
      Runnable wake) {}

  private final Source source;
  private final NotifierSettings running;
  private final Parts parts;
  private final Function<MailSettings, Session> sessions;
  private final DataSource ds;
  private final ChannelAlarms alarms;
  private final Clock clock;

  NotifierReload(
      Source source,
      NotifierSettings running,
      Parts parts,
      Function<MailSettings, Session> sessions,
      DataSource ds,
      ChannelAlarms alarms,
      Clock clock) {
    this.source = source;
    this.running = running;
    this.parts = parts;
    this.sessions = sessions;
    this.ds = ds;
    this.alarms = alarms;
    this.clock = clock;
  }

  @Override
  public void reload() {
    BoirdCommand.Loaded next;
    try {
      next = source.load();
    } catch (ConfigException e) {
      for (Problem p : e.problems()) {
        log.error("reload: {}", SafeText.line(Secrets.mask(p.toString())));
      }
      log.error(
          "reload: refused ({} problems), keeping the previous configuration", e.problems().size());
      alert(true, "configuration reload refused: " + e.problems().size() + " problems");
      return;
    }
    next.warnings().forEach(w -> log.warn("reload: {}", w));
    Escalation esc = next.escalation();
    MailSettings mail = NotifierWiring.mail(next.config(), esc);
    parts.deliverer().replaceTuning(esc.tuning());
    parts.webhook().replaceContacts(esc.contacts());
    parts.mail().replace(sessions.apply(mail), mail);
    parts.planner().replace(esc);
    parts.wake().run();
    List<String> restart = needsRestart(running, next.config());
    if (!restart.isEmpty()) {
      log.warn("reload: needs a restart, ignored until then: {}", String.join(", ", restart));
    }
    log.info(
        "reload: ok, escalation file {} with {} policies, {} contacts; mail via {}:{}",
        next.config().escalationFile(),
        esc.policies().size() + (esc.defaultPolicy() == null ? 0 : 1),
        esc.contacts().size(),
        mail.host(),
        mail.port());
    alert(false, "configuration reloaded");
  }

  /** Restart-only keys whose value changed: all of boird's but the mail settings and the file. */
  static List<String> needsRestart(NotifierSettings a, NotifierSettings b) {
    List<String> out = new ArrayList<>();
    check(out, "master", a.master(), b.master());
    check(out, "database", a.db(), b.db());
    check(out, "redis_url", a.redisUrl(), b.redisUrl());
    check(out, "notifier_log", a.notifierLog(), b.notifierLog());
    check(out, "alert_log", a.alertLog(), b.alertLog());
    check(out, "poll_interval", a.pollInterval(), b.pollInterval());
    check(out, "the collector's address or admin_token", a.collector(), b.collector());
    check(out, "public_url", a.publicUrl(), b.publicUrl());
    return out;
  }

  private static void check(List<String> out, String key, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(key);
    }
  }

  private void alert(boolean failed, String summary) {
    try (Connection c = ds.getConnection()) {
      if (alarms.reloadFailed(c, failed, summary, clock.instant())) {
        log.info("reload: boird/config/reload_failed {}", failed ? "raised" : "resolved");
      }
    } catch (SQLException e) {
      log.warn("reload: cannot record boird/config/reload_failed: {}", e.getMessage());
    }
  }
}
