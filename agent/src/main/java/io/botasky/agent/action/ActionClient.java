package io.botasky.agent.action;

import io.botasky.agent.inventory.ConfiguredService;
import io.botasky.agent.probe.command.CommandProbe;
import io.botasky.agent.transport.CollectorClient;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.text.SafeText;
import io.botasky.common.time.Backoff;
import io.botasky.common.time.StartSchedule;
import io.botasky.common.wire.ServiceEntry;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's half of controlled actions (docs/agent.md, "Controlled actions"). One thread, {@code
 * boagent-actions}, long-polls the collector for the actions requested for this host; each new id
 * is written to the {@link ActionJournal} before anything else, checked against the configuration
 * in force ({@link ActionCheck}), and run without a shell, in a process group of its own, with a
 * clean environment, killed at {@code action_timeout}. A second thread, {@code
 * boagent-actions-report}, reports {@code running} and then the outcome, and retries until the
 * collector acknowledges; an outcome stays in the journal until then. Scheduled actions ({@code
 * schedule_NAME}) start from {@link #tick}, on the injected clock, and go the same way.
 */
public final class ActionClient {
  private static final Logger log = LoggerFactory.getLogger("boagent.action");

  static final String POLL_PATH = "/api/v1/agent/actions";
  static final String REPORT_PATH = "/api/v1/agent/actions/report";

  /** The collector takes at most this many reports per request (docs/api.md). */
  static final int MAX_REPORTS = 50;

  /** A poll answered sooner than this with nothing new waits out the rest: never a busy loop. */
  static final Duration MIN_POLL = Duration.ofSeconds(1);

  static final String SCHEDULE_BY = "schedule";

  private final CollectorClient client;
  private final ActionCodec codec;
  private final ActionJournal journal;
  private final CommandRunner runner;
  private final Supplier<ActionScope> config;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final Backoff backoff;
  private final String host;
  private final Duration wait;
  private final Duration grace;
  private final ExecutorService workers;

  /** Services with an action running, as {@code resource\0instance}. */
  private final Set<String> busy = new HashSet<>();

  /** Reports not yet acknowledged, oldest first; guarded by itself. */
  private final List<ActionReport> queue = new ArrayList<>();

  /** The services {@link #anySchedule} was computed for, and it; touched by {@link #tick}. */
  private List<ConfiguredService> lastServices;

  private boolean anySchedule;

  /** Next start of each schedule, by service, action and schedule; touched by {@link #tick}. */
  private final Map<String, Instant> nextStarts = new HashMap<>();

  private final Object acks = new Object();
  private long ackCount;
  private volatile boolean stopped;
  private boolean started;

  /** The collector's inventory of this host lists no action (last acknowledged heartbeat). */
  private volatile boolean collectorListsNoAction;

  private volatile Thread poller;
  private Thread reporter;
  private String pollProblem;
  private String reportProblem;

  /**
   * @param config the configuration in force, read again for every action (a reload swaps it)
   * @param wait the long poll's {@code wait}
   * @param grace between SIGTERM and SIGKILL at an action's timeout
   * @param workers runs the actions' programs, one task per action
   */
  public ActionClient(
      CollectorClient client,
      ActionCodec codec,
      ActionJournal journal,
      CommandRunner runner,
      Supplier<ActionScope> config,
      Clock clock,
      Supplier<UUID> ids,
      Backoff backoff,
      String host,
      Duration wait,
      Duration grace,
      ExecutorService workers) {
    this.client = client;
    this.codec = codec;
    this.journal = journal;
    this.runner = runner;
    this.config = config;
    this.clock = clock;
    this.ids = ids;
    this.backoff = backoff;
    this.host = host;
    this.wait = wait;
    this.grace = grace;
    this.workers = workers;
  }

  /**
   * Reads the journal (what did not finish before a stop is reported failed, never run again), then
   * starts polling, and reporting if there is something to report.
   *
   * <p>An agent that offers no action stops polling once the collector holds a service inventory of
   * it without any action (the deliverer calls {@link #inventoryHeld}) and a poll begun after that
   * came back: from then on the collector refuses every request for an action of this host (400)
   * instead of queueing it, and the poll would only cost two threads and a request every 25 s
   * (docs/agent.md, "Controlled actions"). Until then it polls, so an action requested while the
   * agent was stopped, for a service that no longer offers it, is still refused by the agent. The
   * poll starts again at the first {@link #tick} after a reload brings an action; the reporter
   * starts with the first report.
   */
  public synchronized void start() {
    boolean left = false;
    try {
      List<ActionReport> open = journal.recover(clock.millis());
      synchronized (queue) {
        queue.addAll(open);
        left = !queue.isEmpty();
      }
    } catch (IOException e) {
      log.error("action: cannot read the action journal: {}", e.toString());
    }
    started = true;
    if (left) {
      startReporter();
    }
    startPoller();
  }

  /**
   * The collector acknowledged holding {@code list} as this host's inventory (the heartbeat's
   * answer held its hash).
   */
  public void inventoryHeld(List<ServiceEntry> list) {
    boolean none = true;
    for (ServiceEntry e : list) {
      if (e.actions() != null && !e.actions().isEmpty()) {
        none = false;
        break;
      }
    }
    collectorListsNoAction = none;
  }

  /** Whether any service of {@code services} offers an action. */
  static boolean offersAny(List<ConfiguredService> services) {
    for (ConfiguredService s : services) {
      if (!s.keys().actions().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private synchronized void startPollerIfOffered() {
    if (offersAny(config.get().services())) {
      startPoller();
    }
  }

  private synchronized void startPoller() {
    if (!started || poller != null || stopped) {
      return;
    }
    poller = new Thread(this::pollLoop, "boagent-actions");
    poller.setDaemon(true);
    poller.start();
  }

  private synchronized void startReporter() {
    if (!started || reporter != null || stopped) {
      return;
    }
    reporter = new Thread(this::reportLoop, "boagent-actions-report");
    reporter.setDaemon(true);
    reporter.start();
  }

  /** Whether the long poll runs (tests). */
  synchronized boolean polling() {
    return poller != null;
  }

  /**
   * Stops polling and reporting within {@code budget}; a running action is killed with its group
   * (its journal entry stays "started", reported failed at the next start).
   */
  public void stop(Duration budget) {
    stopped = true;
    workers.shutdownNow();
    Thread p;
    Thread r;
    synchronized (this) {
      p = poller;
      r = reporter;
    }
    for (Thread t : new Thread[] {p, r}) {
      if (t != null) {
        t.interrupt();
      }
    }
    try {
      for (Thread t : new Thread[] {p, r}) {
        if (t != null) {
          t.join(budget.toMillis() / 2);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- polling ----

  private void pollLoop() {
    retryLoop("poll", "polling", this::pollStep, () -> poller != Thread.currentThread());
  }

  /** One poll; ends the loop after an answered poll that began once the collector listed none. */
  private Duration pollStep() throws InterruptedException {
    boolean noneBefore = collectorListsNoAction;
    Duration pause = pollOnce();
    if (pause == null && noneBefore && collectorListsNoAction) {
      synchronized (this) {
        // Under the lock startPollerIfOffered takes: a reload that brings an action either sees
        // this poller still running or finds it gone and starts another.
        if (!offersAny(config.get().services())) {
          poller = null;
          log.info("action: this agent offers no action and the collector knows it; not polling");
        }
      }
    }
    return pause;
  }

  /**
   * One step of a retrying loop: null when it went through, else the least pause before the next.
   */
  @FunctionalInterface
  private interface Step {
    Duration run() throws InterruptedException;
  }

  /**
   * Runs {@code step} until the client stops, pausing after each failed step for the backoff of the
   * failures in a row (at least the pause the step asked for). The poll and the reports share it.
   */
  private void retryLoop(String what, String going, Step step, BooleanSupplier done) {
    int attempt = 0;
    while (!stopped && !done.getAsBoolean()) {
      try {
        Duration pause = step.run();
        if (pause == null) {
          attempt = 0;
        } else {
          attempt++;
          Thread.sleep(Math.max(backoff.next(attempt).toMillis(), pause.toMillis()));
        }
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
      } catch (RuntimeException e) {
        log.error("action: unexpected failure of the " + what + ", will keep " + going, e);
        try {
          Thread.sleep(5000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * One long poll and the actions it brings. Returns null when the collector answered, else the
   * least pause before the next poll (its Retry-After, or zero for the backoff alone).
   */
  Duration pollOnce() throws InterruptedException {
    long begin = System.nanoTime();
    long acksBefore;
    synchronized (acks) {
      acksBefore = ackCount;
    }
    String q =
        POLL_PATH
            + "?host="
            + URLEncoder.encode(host, StandardCharsets.UTF_8)
            + "&wait="
            + wait.toSeconds();
    CollectorClient.Answer a;
    try {
      // The collector holds the answer up to wait: the request may take that long and more.
      a = client.get(q, wait.plus(client.timeout()));
    } catch (IOException e) {
      pollProblem("collector " + client.base() + " unreachable: " + e.getMessage());
      return Duration.ZERO;
    }
    if (a.status() != 200) {
      pollProblem(
          a.status() == 404
              ? "the collector answers 404 to the action poll (older than this agent?)"
              : "the collector answered the action poll with " + a.status());
      return a.retryAfter().orElse(Duration.ZERO);
    }
    List<ActionReport> got;
    try {
      got = codec.readPoll(a.body());
    } catch (IOException e) {
      pollProblem("the collector's action poll answer is not understood: " + e.getMessage());
      return Duration.ZERO;
    }
    if (pollProblem != null) {
      log.info("action: the collector answers the action poll again");
      pollProblem = null;
    }
    int fresh = 0;
    for (ActionReport r : got) {
      if (!journal.knows(r.id())) {
        fresh++;
        accept(
            new ActionReport(
                r.id(),
                ids.get().toString(),
                r.resource(),
                r.instance(),
                r.action(),
                r.by(),
                null,
                null,
                null,
                null,
                clock.millis()));
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    if (fresh == 0 && took.compareTo(MIN_POLL) < 0) {
      // The collector lists an action as pending until our "running" reaches it: wait for the
      // reporter's next acknowledgement rather than ask again at once.
      synchronized (acks) {
        if (ackCount == acksBefore) {
          acks.wait(Math.max(1, MIN_POLL.minus(took).toMillis()));
        }
      }
    }
    return null;
  }

  private void pollProblem(String text) {
    if (!text.equals(pollProblem)) {
      log.warn("action: {}; polling again with backoff", text);
      pollProblem = text;
    }
  }

  // ---- scheduled actions ----

  /**
   * Starts the scheduled actions that are due at the clock's time; called every second. A schedule
   * seen for the first time (at start, after a reload) counts from now: starts missed while the
   * agent was not running are not made up.
   */
  public void tick() {
    try {
      List<ConfiguredService> services = config.get().services();
      if (services != lastServices) {
        // Start, or a reload replaced the list (the same list object otherwise): look at it once.
        lastServices = services;
        anySchedule = anySchedule(services);
        startPollerIfOffered();
      }
      startDue();
    } catch (RuntimeException e) {
      // Thrown out of a periodic task, it would cancel every later tick.
      log.error("action: unexpected failure of the schedules, will keep running", e);
    }
  }

  private void startDue() {
    if (!anySchedule) {
      // The common case, every second: no clock read, zone lookup or key set.
      nextStarts.clear();
      return;
    }
    Instant now = clock.instant();
    ZonedDateTime local = now.atZone(clock.getZone());
    Set<String> live = new HashSet<>();
    for (ConfiguredService s : config.get().services()) {
      for (Map.Entry<String, StartSchedule> e : s.keys().schedules().entrySet()) {
        String key = s.resource() + "\0" + s.instance() + "\0" + e.getKey() + "\0" + e.getValue();
        live.add(key);
        Instant next = nextStarts.get(key);
        if (next == null) {
          nextStarts.put(key, e.getValue().next(local).toInstant());
        } else if (!now.isBefore(next)) {
          nextStarts.put(key, e.getValue().next(local).toInstant());
          accept(
              new ActionReport(
                  null,
                  ids.get().toString(),
                  s.resource(),
                  s.instance(),
                  e.getKey(),
                  SCHEDULE_BY,
                  null,
                  null,
                  null,
                  null,
                  now.toEpochMilli()));
        }
      }
    }
    nextStarts.keySet().retainAll(live);
  }

  private static boolean anySchedule(List<ConfiguredService> services) {
    for (ConfiguredService s : services) {
      if (!s.keys().schedules().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  // ---- running ----

  /** Journals, checks and starts {@code request} (with its uuid), or reports why not. */
  void accept(ActionReport request) {
    try {
      journal.received(request);
    } catch (IOException e) {
      // Not journaled, not run: after a crash the agent could not know it had run it.
      log.error("action: cannot write the action journal: {}", e.toString());
      report(
          request.with(
              ActionReport.FAILED,
              null,
              null,
              "cannot write the agent's action journal: " + e.getMessage(),
              clock.millis()));
      return;
    }
    String key = request.resource() + "\0" + request.instance();
    ActionScope cfg = config.get();
    ActionCheck.Decision d;
    synchronized (busy) {
      d =
          ActionCheck.decide(
              cfg.services(),
              cfg.allowPower(),
              request.resource(),
              request.instance(),
              request.action(),
              busy.contains(key));
      if (d.allowed()) {
        busy.add(key);
      }
    }
    if (!d.allowed()) {
      String reason =
          request.id() == null && d.refusal().equals(ActionCheck.BUSY)
              ? "skipped: " + ActionCheck.BUSY
              : d.refusal();
      finish(request.with(ActionReport.REFUSED, null, null, reason, clock.millis()));
      return;
    }
    try {
      journal.started(request);
    } catch (IOException e) {
      release(key);
      log.error("action: cannot write the action journal: {}", e.toString());
      finish(
          request.with(
              ActionReport.FAILED,
              null,
              null,
              "cannot write the agent's action journal: " + e.getMessage(),
              clock.millis()));
      return;
    }
    ActionReport running = request.with(ActionReport.RUNNING, null, null, null, clock.millis());
    logLine(running);
    report(running);
    try {
      workers.execute(() -> run(request, d, key));
    } catch (RejectedExecutionException e) {
      // Stopping: left "started", reported failed at the next start.
      release(key);
    }
  }

  private void run(ActionReport request, ActionCheck.Decision d, String key) {
    try {
      CommandResult r;
      try {
        r =
            runner.runAction(
                d.argv(), CommandProbe.ENVIRONMENT, d.timeout(), grace, ActionReport.MAX_OUTPUT);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted() || stopped) {
          return; // stopping: killed; the next start reports it failed
        }
        finish(
            request.with(
                ActionReport.FAILED,
                null,
                null,
                "cannot start: " + e.getMessage(),
                clock.millis()));
        return;
      }
      String output = r.stdout() + r.stderr();
      ActionReport outcome;
      if (r.timedOut()) {
        outcome =
            request.with(
                ActionReport.TIMED_OUT,
                null,
                output,
                "killed after action_timeout " + d.timeout().toSeconds() + "s",
                clock.millis());
      } else if (r.exitCode() == 0) {
        outcome = request.with(ActionReport.SUCCEEDED, 0, output, null, clock.millis());
      } else {
        outcome =
            request.with(
                ActionReport.FAILED,
                r.exitCode(),
                output,
                "exit code " + r.exitCode(),
                clock.millis());
      }
      finish(outcome);
    } finally {
      release(key);
    }
  }

  private void release(String key) {
    synchronized (busy) {
      busy.remove(key);
    }
  }

  /** Journals and reports an outcome. */
  private void finish(ActionReport outcome) {
    try {
      journal.finished(outcome);
    } catch (IOException e) {
      log.error("action: cannot write the action journal: {}", e.toString());
    }
    logLine(outcome);
    report(outcome);
  }

  private void logLine(ActionReport r) {
    if (r.reason() == null) {
      log.info(
          "action: id={} host={} service={} action={} by={} state={}",
          r.logId(),
          host,
          SafeText.line(r.service()),
          r.action(),
          SafeText.line(r.by()),
          r.state());
    } else {
      log.info(
          "action: id={} host={} service={} action={} by={} state={} reason=\"{}\"",
          r.logId(),
          host,
          SafeText.line(r.service()),
          r.action(),
          SafeText.line(r.by()),
          r.state(),
          SafeText.line(r.reason()));
    }
  }

  // ---- reporting ----

  private void report(ActionReport r) {
    synchronized (queue) {
      queue.add(r);
      queue.notifyAll();
    }
    startReporter();
  }

  /** Reports waiting for the collector's acknowledgement (tests). */
  public List<ActionReport> unacknowledged() {
    synchronized (queue) {
      return List.copyOf(queue);
    }
  }

  private void reportLoop() {
    retryLoop("reports", "reporting", this::sendNext, () -> false);
  }

  /** Waits for reports to send and sends the oldest of them; the step of the report loop. */
  private Duration sendNext() throws InterruptedException {
    List<ActionReport> batch;
    synchronized (queue) {
      while (queue.isEmpty() && !stopped) {
        queue.wait(60_000);
      }
      batch = List.copyOf(queue.subList(0, Math.min(MAX_REPORTS, queue.size())));
    }
    return batch.isEmpty() ? null : send(batch);
  }

  /**
   * Sends {@code batch}; null when it is done with (acknowledged, or dropped as refused for good),
   * else the least pause before the next try.
   */
  private Duration send(List<ActionReport> batch) throws InterruptedException {
    CollectorClient.Answer a;
    try {
      a = client.post(REPORT_PATH, codec.reports(host, batch));
    } catch (IOException e) {
      reportProblem("collector " + client.base() + " unreachable: " + e.getMessage());
      return Duration.ZERO;
    }
    int status = a.status();
    if (status >= 200 && status < 300) {
      done(batch);
      if (reportProblem != null) {
        log.info("action: the collector takes the action reports again");
        reportProblem = null;
      }
      return null;
    }
    if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
      if (batch.size() > 1) {
        // Find the one it refuses: each alone, so one bad report does not hold the others.
        for (ActionReport r : batch) {
          Duration d = send(List.of(r));
          if (d != null) {
            return d;
          }
        }
        return null;
      }
      ActionReport r = batch.get(0);
      log.warn(
          "action: id={} host={} service={} action={} state={}: the collector refused the report"
              + " with {} {}; dropped",
          r.logId(),
          host,
          SafeText.line(r.service()),
          r.action(),
          r.state(),
          status,
          SafeText.line(a.body().strip(), 300));
      done(batch);
      return null;
    }
    reportProblem("the collector answered the action report with " + status);
    return a.retryAfter().orElse(Duration.ZERO);
  }

  private void done(List<ActionReport> batch) {
    synchronized (queue) {
      queue.removeAll(batch);
    }
    try {
      journal.acked(batch.stream().filter(ActionReport::finished).toList());
    } catch (IOException e) {
      log.error("action: cannot write the action journal: {}", e.toString());
    }
    synchronized (acks) {
      ackCount++;
      acks.notifyAll();
    }
  }

  private void reportProblem(String text) {
    if (!text.equals(reportProblem)) {
      log.warn("action: {}; reports kept and sent again with backoff", text);
      reportProblem = text;
    }
  }
}
