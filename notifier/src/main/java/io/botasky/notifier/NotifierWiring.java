package io.botasky.notifier;

import com.zaxxer.hikari.HikariDataSource;
import io.botasky.common.cli.VersionProvider;
import io.botasky.common.db.DataSources;
import io.botasky.common.time.Backoff;
import io.botasky.common.wire.Json;
import io.botasky.notifier.channel.Channel;
import io.botasky.notifier.channel.action.ActionChannel;
import io.botasky.notifier.channel.log.LogChannel;
import io.botasky.notifier.channel.mail.AckLinks;
import io.botasky.notifier.channel.mail.MailChannel;
import io.botasky.notifier.channel.mail.MailRenderer;
import io.botasky.notifier.channel.mail.MailSettings;
import io.botasky.notifier.channel.webhook.WebhookChannel;
import io.botasky.notifier.engine.NotificationDeliverer;
import io.botasky.notifier.engine.Planner;
import io.botasky.notifier.engine.RedisWakeup;
import io.botasky.notifier.engine.Wakeup;
import io.botasky.notifier.policy.Escalation;
import io.botasky.notifier.policy.Scope;
import io.botasky.notifier.store.ChannelAlarms;
import io.botasky.notifier.store.Heartbeats;
import io.botasky.notifier.store.Ledger;
import io.botasky.notifier.store.PlanStore;
import io.botasky.notifier.store.TargetClaims;
import io.botasky.notifier.store.TestMailRequests;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Builds a {@link Notifier} from its configuration. The only place collaborators are created. */
public final class NotifierWiring {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("boird");

  private NotifierWiring() {}

  /** The mail settings of {@code cfg}, with the escalation file's SMTP timeout. */
  public static MailSettings mail(NotifierSettings cfg, Escalation esc) {
    return new MailSettings(
        cfg.smtpHost(),
        cfg.smtpPort(),
        cfg.smtpUser(),
        cfg.smtpPassword(),
        cfg.smtpStarttls(),
        cfg.smtpSsl(),
        cfg.mailFrom(),
        esc.tuning().smtpTimeout());
  }

  /**
   * @param name this instance's name in claims, plans and the heartbeat: {@code boird@host:pid}
   */
  public static Notifier create(
      NotifierSettings cfg,
      Escalation esc,
      Scope scope,
      Clock clock,
      String name,
      RandomGenerator random)
      throws IOException {
    return create(cfg, esc, scope, clock, name, random, MailSettings::session);
  }

  /**
   * @param sessions makes the mail session from the settings; production uses {@link
   *     MailSettings#session()}, a test may add its own trust for a test server's certificate
   */
  public static Notifier create(
      NotifierSettings cfg,
      Escalation esc,
      Scope scope,
      Clock clock,
      String name,
      RandomGenerator random,
      java.util.function.Function<MailSettings, jakarta.mail.Session> sessions)
      throws IOException {
    return create(cfg, esc, scope, clock, name, random, sessions, null);
  }

  /**
   * @param reload reads the configuration again on SIGHUP (docs/operations.md, "Reload"); null when
   *     there is no file to read again
   */
  public static Notifier create(
      NotifierSettings cfg,
      Escalation esc,
      Scope scope,
      Clock clock,
      String name,
      RandomGenerator random,
      java.util.function.Function<MailSettings, jakarta.mail.Session> sessions,
      NotifierReload.Source reload)
      throws IOException {
    HikariDataSource ds = DataSources.open(cfg.db(), "boird");
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), random);
    MailSettings mail = mail(cfg, esc);
    LogChannel logChannel = new LogChannel(cfg.alertLog(), clock);
    HttpClient http = webhookClient(esc.tuning().webhookTimeout());
    AckLinks ackLinks = new AckLinks(ds, cfg.publicUrl(), clock, new SecureRandom());
    if (!ackLinks.enabled()) {
      log.info("start: public_url is not set: FIRING mails carry no one-click ack link");
    }
    MailChannel mailChannel =
        new MailChannel(
            sessions.apply(mail), mail, new MailRenderer(cfg.master()), clock, ackLinks);
    WebhookChannel webhook =
        new WebhookChannel(
            http, esc.contacts(), esc.tuning().webhookTimeout(), cfg.master(), Json.mapper());
    ChannelAlarms alarms = new ChannelAlarms(cfg.master(), () -> UUID.randomUUID().toString());
    Map<String, Channel> channels =
        Map.of(
            "log", logChannel,
            "mail", mailChannel,
            "webhook", webhook,
            "action",
                new ActionChannel(
                    collectorClient(cfg), cfg.collector(), Duration.ofSeconds(30), Json.mapper()));
    Wakeup planWake = new Wakeup();
    Wakeup deliverWake = new Wakeup();
    TargetClaims claims =
        new TargetClaims(name, esc.tuning().claimLease(), cfg.db().dialect().skipLocked());
    PlanStore plans = new PlanStore(name, scope.key(), random.nextLong());
    Planner planner =
        new Planner(ds, esc, scope, plans, logChannel.target(), clock, deliverWake::ring);
    NotificationDeliverer deliverer =
        new NotificationDeliverer(
            ds,
            channels,
            new Ledger(scope.key()),
            claims,
            alarms,
            esc.tuning(),
            backoff,
            logChannel.target(),
            cfg.master(),
            clock,
            planWake::ring);
    RedisWakeup redis =
        cfg.redisUrl() == null
            ? null
            : new RedisWakeup(
                cfg.redisUrl(),
                () -> {
                  planWake.ring();
                  deliverWake.ring();
                },
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), random));
    Notifier notifier =
        new Notifier(
            name,
            ds,
            cfg.db().dialect(),
            planner,
            new TestMailRequests(),
            deliverer,
            claims,
            new Heartbeats(name, VersionProvider.version(), clock.instant()),
            planWake,
            deliverWake,
            redis,
            cfg.pollInterval(),
            clock,
            backoff,
            ds);
    if (reload != null) {
      notifier.reloadWith(
          new NotifierReload(
              reload,
              cfg,
              new NotifierReload.Parts(planner, deliverer, mailChannel, webhook, planWake::ring),
              sessions,
              ds,
              alarms,
              clock));
    }
    return notifier;
  }

  /**
   * The webhook channel's client. Redirects are never followed: the body, and the token in the URL,
   * would go wherever an answer points; {@link WebhookChannel} reports a 3xx as a final failure.
   */
  public static HttpClient webhookClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The client of the local collector's API for {@code action} steps: trusts exactly its {@code
   * tls_cert} when TLS is on, as the CLI does, and follows no redirect (the admin token would go
   * along).
   */
  static HttpClient collectorClient(NotifierSettings cfg) throws IOException {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (cfg.collector() != null && cfg.collector().tlsCert() != null) {
      try {
        b.sslContext(cfg.collector().sslContext());
      } catch (Exception e) {
        throw new IOException(
            "tls_cert: cannot read " + cfg.collector().tlsCert() + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }
}
