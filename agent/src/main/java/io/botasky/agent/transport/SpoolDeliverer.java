package io.botasky.agent.transport;

import io.botasky.agent.inventory.InventoryReport;
import io.botasky.agent.spool.Spool;
import io.botasky.agent.wire.Batch;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.text.SafeText;
import io.botasky.common.time.Backoff;
import io.botasky.common.wire.AlertEvent;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.LogLine;
import io.botasky.common.wire.ServiceEntry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the spool to the collector on one thread: alert events first (and again between any two
 * metric batches, so an alert never waits behind a backlog), then metric batches oldest first, and
 * a heartbeat with sysinfo every {@code heartbeat}. While the collector is away it waits with
 * exponential backoff and jitter (or the collector's Retry-After, when longer). Every resend
 * carries the same event or batch id, so retries are harmless.
 */
public final class SpoolDeliverer {
  private static final Logger log = LoggerFactory.getLogger(SpoolDeliverer.class);
  static final int EVENTS_PER_REQUEST = 200;
  private final Spool spool;
  private final WireCodec codec;
  private final CollectorClient client;
  private final Backoff backoff;
  private final Clock clock;
  private final String host;
  private final String version;
  private final Duration heartbeat;
  private final Supplier<Map<String, Object>> sysinfo;
  private final Supplier<List<ServiceEntry>> services;
  private final InventoryReport inventory;

  /** The service list the collector acknowledged; touched by the delivery thread only. */
  private InventoryReport.Base base = InventoryReport.Base.NONE;

  /**
   * Told each list the collector acknowledged holding (the action client, which may stop polling).
   */
  private volatile Consumer<List<ServiceEntry>> inventoryHeld = list -> {};

  /** The collector refused the latest heartbeat with the service list (400, 413 …). */
  private boolean inventoryRefused;

  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean stopped;
  private Thread thread;
  private int attempt;
  private Instant retryAt = Instant.MIN;
  private Instant nextHeartbeat = Instant.MIN;
  private String lastProblem;
  private RepeatedFailures streak = RepeatedFailures.none();

  /** The wait before the first attempt at the master the agent just moved to. */
  static final Duration AFTER_MOVE = Duration.ofMillis(100);

  /**
   * The master the latest request went to; a retry after a move to another one waits no backoff.
   */
  private URI sentTo;

  public SpoolDeliverer(
      Spool spool,
      WireCodec codec,
      CollectorClient client,
      Backoff backoff,
      Clock clock,
      String host,
      String version,
      Duration heartbeat,
      Supplier<Map<String, Object>> sysinfo) {
    this(spool, codec, client, backoff, clock, host, version, heartbeat, sysinfo, null);
  }

  /**
   * @param services the host's services as they are now, reported with every heartbeat
   *     (docs/api.md, "Service inventory"); null to report none
   */
  public SpoolDeliverer(
      Spool spool,
      WireCodec codec,
      CollectorClient client,
      Backoff backoff,
      Clock clock,
      String host,
      String version,
      Duration heartbeat,
      Supplier<Map<String, Object>> sysinfo,
      Supplier<List<ServiceEntry>> services) {
    this.services = services;
    this.inventory = new InventoryReport(codec);
    this.spool = spool;
    this.codec = codec;
    this.client = client;
    this.backoff = backoff;
    this.clock = clock;
    this.host = host;
    this.version = version;
    this.heartbeat = heartbeat;
    this.sysinfo = sysinfo;
  }

  /** Result of one pass. */
  public enum Pass {
    /** Nothing left to send. */
    IDLE,
    /** The collector is away or not ready; try again after the backoff. */
    RETRY,
    /** Stopping. */
    STOPPED
  }

  public synchronized void start() {
    thread = new Thread(this::loop, "boagent-deliver-1");
    thread.setDaemon(true);
    thread.start();
  }

  /** New data: send it now unless waiting out a backoff. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  /** Stops the thread within {@code budget}, interrupting a request in flight if need be. */
  public void stop(Duration budget) {
    stopped = true;
    wake();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    try {
      t.join(budget.toMillis() / 2);
      if (t.isAlive()) {
        t.interrupt();
        t.join(budget.toMillis() / 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        Instant now = clock.instant();
        if (!now.isBefore(retryAt)) {
          Pass p = runOnce();
          if (p == Pass.STOPPED) {
            return;
          }
        }
        await(Duration.between(clock.instant(), nextWake()));
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
      } catch (Throwable t) {
        // A bug must not stop delivery for good; the data stays in the spool.
        log.error("deliver: unexpected failure, will keep running", t);
        try {
          await(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  Instant nextWake() {
    // Backing off: wait for the retry time; otherwise for the next heartbeat (or a wake-up).
    return retryAt.isAfter(clock.instant()) ? retryAt : nextHeartbeat;
  }

  private void await(Duration d) throws InterruptedException {
    long ms = Math.max(1, Math.min(d.toMillis(), 60_000));
    synchronized (signal) {
      if (!woken && !stopped) {
        signal.wait(ms);
      }
      woken = false;
    }
  }

  /** One pass: heartbeat when due, then everything the spool holds. Used by the loop and tests. */
  public Pass runOnce() throws InterruptedException {
    Instant now = clock.instant();
    if (!now.isBefore(nextHeartbeat)) {
      Optional<CollectorClient.Answer> a = heartbeat();
      if (a.isEmpty() || AnswerClass.of(a.get().status()) == AnswerClass.RETRY) {
        return retry(a);
      }
      if (AnswerClass.of(a.get().status()) == AnswerClass.SET_ASIDE) {
        problem("heartbeat refused with " + a.get().status() + ": " + a.get().body());
      }
      nextHeartbeat = now.plus(heartbeat);
    }
    while (!stopped) {
      List<AlertEvent> events = spool.pendingEvents(EVENTS_PER_REQUEST);
      if (!events.isEmpty()) {
        if (!sendEvents(events)) {
          return retry(lastAnswer);
        }
        continue;
      }
      Optional<Batch> b = spool.nextBatch();
      if (b.isEmpty()) {
        reachable();
        return Pass.IDLE;
      }
      Optional<CollectorClient.Answer> a = sendBatch(b.get());
      if (a.isEmpty()) {
        return retry(a);
      }
      switch (AnswerClass.of(a.get().status())) {
        case DELIVERED -> spool.delivered(b.get());
        case SET_ASIDE -> spool.rejected(b.get(), a.get().status() + " " + a.get().body());
        case RETRY -> {
          if (!repeated("batch " + b.get().batchId(), a.get())) {
            return retry(a);
          }
          spool.rejected(b.get(), sameAnswer(a.get()));
        }
      }
    }
    return Pass.STOPPED;
  }

  private Optional<CollectorClient.Answer> lastAnswer = Optional.empty();

  /** Who is told each service list the collector acknowledged holding. */
  public void onInventoryHeld(Consumer<List<ServiceEntry>> listener) {
    this.inventoryHeld = listener;
  }

  /**
   * One heartbeat with the service inventory (docs/api.md, "Service inventory"): the full list or
   * the short form against the acknowledged base; the answer moves the base. When the collector did
   * not hold the base of a short form, the full list goes at once rather than a heartbeat later, so
   * its view of the services is not left behind for a whole interval.
   */
  private Optional<CollectorClient.Answer> heartbeat() throws InterruptedException {
    Map<String, Object> info = sysinfo.get();
    if (services == null) {
      return send("/api/v1/heartbeat", () -> codec.heartbeat(new Heartbeat(host, version, info)));
    }
    InventoryReport.Beat beat = inventory.beat(services.get(), base);
    Optional<CollectorClient.Answer> a =
        send("/api/v1/heartbeat", () -> codec.heartbeat(beat.heartbeat(host, version, info)));
    if (a.isEmpty()) {
      return a;
    }
    int status = a.get().status();
    if (AnswerClass.of(status) == AnswerClass.DELIVERED) {
      InventoryReport.Next next =
          InventoryReport.after(beat, codec.readHeartbeatAnswer(a.get().body()));
      base = next.base();
      if (base.list() != null) {
        inventoryHeld.accept(base.list());
      }
      if (inventoryRefused) {
        log.info("deliver: the collector takes the service list again");
        inventoryRefused = false;
      }
      if (next.sendNow()) {
        log.debug("deliver: the collector does not hold our service list; sending it in full");
        return heartbeat();
      }
    } else if (AnswerClass.of(status) == AnswerClass.SET_ASIDE) {
      // The collector stores nothing of a heartbeat it refuses (400, or 413 for a list of long
      // summaries past its max_body), not even that the host is alive (docs/api.md): say that
      // much without the inventory, and try the full list next time.
      base = InventoryReport.Base.NONE;
      if (!inventoryRefused) {
        // Once, not every beat: a bug of ours or of the collector, no outage to retry.
        log.warn(
            "deliver: the collector refused the heartbeat's service list ({}); each heartbeat"
                + " goes again without it until one with it is taken",
            SafeText.line(a.get().body().strip(), 300));
        inventoryRefused = true;
      }
      return send("/api/v1/heartbeat", () -> codec.heartbeat(new Heartbeat(host, version, info)));
    }
    return a;
  }

  /**
   * A batch's samples to {@code /api/v1/metrics}, then its log lines to {@code /api/v1/logs}, both
   * under the batch id (each stored once); the first answer that is not a delivery, or the last. A
   * batch of log lines only sends no empty metrics request. Lines go in parts of at most {@link
   * #LOG_PART_LINES} lines and about {@link #LOG_PART_BYTES} bytes, so a batch of long lines never
   * meets the collector's {@code max_body}; a batch of several parts gives each the id {@code
   * batch_id:N}, which a resend repeats.
   */
  private Optional<CollectorClient.Answer> sendBatch(Batch b) throws InterruptedException {
    if (!b.samples().isEmpty() || b.logs().isEmpty()) {
      Optional<CollectorClient.Answer> m = send("/api/v1/metrics", () -> codec.metrics(host, b));
      if (m.isEmpty()
          || b.logs().isEmpty()
          || AnswerClass.of(m.get().status()) != AnswerClass.DELIVERED) {
        return m;
      }
    }
    List<List<LogLine>> parts = logParts(b.logs());
    Optional<CollectorClient.Answer> a = Optional.empty();
    for (int i = 0; i < parts.size(); i++) {
      String id = parts.size() == 1 ? b.batchId() : b.batchId() + ":" + i;
      List<LogLine> part = parts.get(i);
      a = send("/api/v1/logs", () -> codec.logs(host, id, part));
      if (a.isEmpty() || AnswerClass.of(a.get().status()) != AnswerClass.DELIVERED) {
        return a;
      }
    }
    return a;
  }

  static final int LOG_PART_LINES = 1000;
  static final int LOG_PART_BYTES = 256 * 1024;

  /** {@code lines} cut into parts by count and by an estimate of their JSON size. */
  static List<List<LogLine>> logParts(List<LogLine> lines) {
    List<List<LogLine>> parts = new ArrayList<>();
    List<LogLine> part = new ArrayList<>();
    long bytes = 0;
    for (LogLine l : lines) {
      // At most 4 UTF-8 bytes a character (no control characters are left to escape) plus fields.
      long size = 96L + l.source().length() + 4L * l.line().length();
      if (!part.isEmpty() && (part.size() >= LOG_PART_LINES || bytes + size > LOG_PART_BYTES)) {
        parts.add(part);
        part = new ArrayList<>();
        bytes = 0;
      }
      part.add(l);
      bytes += size;
    }
    parts.add(part);
    return parts;
  }

  /**
   * Sends events; on a 4xx for several, or a failure that is not an outage, sends them one by one
   * so a single bad event does not take good ones with it. A single event that gets the same
   * non-outage failure {@link RepeatedFailures#LIMIT} times in a row is set aside, so it cannot
   * hold back the host's later alerts. Returns false when the collector must be retried later.
   */
  private boolean sendEvents(List<AlertEvent> events) throws InterruptedException {
    lastAnswer = send("/api/v1/events", () -> codec.events(host, events));
    if (lastAnswer.isEmpty()) {
      return false;
    }
    int status = lastAnswer.get().status();
    switch (AnswerClass.of(status)) {
      case DELIVERED -> spool.eventsDelivered(events);
      case SET_ASIDE -> {
        if (events.size() == 1) {
          spool.eventsRejected(events, status + " " + lastAnswer.get().body());
        } else {
          for (AlertEvent e : events) {
            if (!sendEvents(List.of(e))) {
              return false;
            }
          }
        }
      }
      case RETRY -> {
        if (RepeatedFailures.isOutage(status)) {
          streak = RepeatedFailures.none();
          return false;
        }
        if (events.size() > 1) {
          for (AlertEvent e : events) {
            if (!sendEvents(List.of(e))) {
              return false;
            }
          }
          return true;
        }
        if (!repeated("event " + events.get(0).eventId(), lastAnswer.get())) {
          return false;
        }
        spool.eventsRejected(events, sameAnswer(lastAnswer.get()));
      }
    }
    return true;
  }

  /** Records a retried answer for {@code subject}; true when it is time to set it aside. */
  private boolean repeated(String subject, CollectorClient.Answer a) {
    RepeatedFailures.Decision d = streak.after(subject, a.status(), a.body());
    streak = d.streak();
    if (d.reason() == RepeatedFailures.Reason.SET_ASIDE) {
      log.error(
          "deliver: {} answered {} {} times in a row; setting it aside so later data is not held"
              + " back",
          subject,
          a.status(),
          RepeatedFailures.LIMIT);
      return true;
    }
    return false;
  }

  private static String sameAnswer(CollectorClient.Answer a) {
    return a.status()
        + " "
        + a.body().strip()
        + ", the same "
        + RepeatedFailures.LIMIT
        + " times in a row";
  }

  /**
   * Produces a request body; encoding cannot fail on our own types, but the API says IOException.
   */
  private interface Body {
    byte[] get() throws IOException;
  }

  private Optional<CollectorClient.Answer> send(String path, Body body)
      throws InterruptedException {
    sentTo = client.base();
    try {
      return Optional.of(client.post(path, body.get()));
    } catch (IOException e) {
      problem("collector " + client.base() + " unreachable: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Pass retry(Optional<CollectorClient.Answer> answer) {
    attempt++;
    Duration wait = backoff.next(attempt);
    if (!client.base().equals(sentTo)) {
      // The failure moved the agent to its next master (docs/agent.md, "Several masters"): try
      // that one now rather than after a backoff earned by the other. The attempts still count,
      // so when every master is away the waits grow as with one.
      retryAt = clock.instant().plus(AFTER_MOVE);
      log.debug("deliver: master {} failed; trying {} now", sentTo, client.base());
      return stopped ? Pass.STOPPED : Pass.RETRY;
    }
    if (answer.isPresent()) {
      CollectorClient.Answer a = answer.get();
      problem("collector answered " + a.status() + ": " + a.body().strip());
      if (a.retryAfter().isPresent() && a.retryAfter().get().compareTo(wait) > 0) {
        wait = a.retryAfter().get();
      }
    }
    retryAt = clock.instant().plus(wait);
    log.debug("deliver: retry {} in {} ms", attempt, wait.toMillis());
    return stopped ? Pass.STOPPED : Pass.RETRY;
  }

  private void reachable() {
    attempt = 0;
    retryAt = Instant.MIN;
    if (lastProblem != null) {
      log.info("deliver: collector {} reachable again; backlog delivered", client.base());
      lastProblem = null;
    }
  }

  /** Logs a delivery problem once, not on every retry. */
  private void problem(String text) {
    if (!text.equals(lastProblem)) {
      log.warn("deliver: {}; keeping data and retrying with backoff", text);
      lastProblem = text;
    }
  }
}
