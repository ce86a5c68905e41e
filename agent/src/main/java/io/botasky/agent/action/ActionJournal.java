package io.botasky.agent.action;

import io.botasky.agent.io.DurableFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The action journal, {@code data_dir/actions.journal} (docs/agent.md, "Controlled actions"): one
 * JSON line per step of an action, appended and forced to disk before the step is taken, so that
 * after a crash or a stop the agent knows what it had received, started and finished. {@code
 * received} is written before anything runs, {@code started} before the program starts, {@code
 * finished} with the outcome, {@code acked} once the collector has acknowledged the outcome. When
 * every action is acknowledged the file is emptied; while some are not it is rewritten with only
 * theirs once it grows.
 *
 * <p>After a restart nothing is run again: an action received but not started, or started but not
 * finished, gets the outcome {@code failed} with the reason why, to be reported.
 */
public final class ActionJournal {
  private static final Logger log = LoggerFactory.getLogger("boagent.action");

  static final String INTERRUPTED_RUNNING = "interrupted: the agent stopped while it ran";
  static final String INTERRUPTED_BEFORE = "interrupted before it started";

  /** Rewritten with the open actions only once it passes this size. */
  static final long COMPACT_AT = 256 * 1024;

  /** Ids of requested actions remembered after their entry is gone: a late poll never re-runs. */
  static final int SEEN_IDS = 10_000;

  private final Path file;
  private final ActionCodec codec;

  /** Actions whose outcome is not yet acknowledged, by uuid, with their latest step. */
  private final Map<String, Open> open = new LinkedHashMap<>();

  private final Set<Long> seen = new LinkedHashSet<>();

  private record Open(ActionReport request, boolean started, ActionReport outcome) {}

  public ActionJournal(Path file, ActionCodec codec) {
    this.file = file;
    this.codec = codec;
  }

  /**
   * Reads what the previous run left (a torn last line is skipped), turns every action that did not
   * finish into a {@code failed} outcome (written to the journal) and returns every outcome not yet
   * acknowledged, to be reported again.
   *
   * @param now epoch ms of the outcomes made here
   */
  public synchronized List<ActionReport> recover(long now) throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .decode(ByteBuffer.wrap(data))
            .toString();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      ActionCodec.JournalLine l;
      try {
        l = codec.readJournalLine(line);
      } catch (IOException e) {
        log.warn("action: skipping an unreadable line of {} (a crash while writing)", file);
        continue;
      }
      ActionReport r = l.r();
      if (r.id() != null) {
        remember(r.id());
      }
      Open o = open.get(r.uuid());
      switch (l.event()) {
        case "received" -> open.putIfAbsent(r.uuid(), new Open(r, false, null));
        case "started" -> {
          if (o != null) {
            open.put(r.uuid(), new Open(o.request(), true, o.outcome()));
          }
        }
        case "finished" -> {
          if (o != null) {
            open.put(r.uuid(), new Open(o.request(), o.started(), r));
          }
        }
        case "acked" -> open.remove(r.uuid());
        default -> log.warn("action: unknown step {} in {}", l.event(), file);
      }
    }
    List<ActionReport> out = new ArrayList<>();
    ByteArrayOutputStream more = new ByteArrayOutputStream();
    for (Map.Entry<String, Open> e : open.entrySet()) {
      Open o = e.getValue();
      if (o.outcome() == null) {
        String reason = o.started() ? INTERRUPTED_RUNNING : INTERRUPTED_BEFORE;
        ActionReport failed = o.request().with(ActionReport.FAILED, null, null, reason, now);
        e.setValue(new Open(o.request(), o.started(), failed));
        more.write(codec.journalLine("finished", failed));
        more.write('\n');
        log.warn(
            "action: id={} service={} action={} by={} state=failed reason=\"{}\"",
            failed.logId(),
            failed.service(),
            failed.action(),
            failed.by(),
            reason);
      }
      out.add(e.getValue().outcome());
    }
    if (open.isEmpty()) {
      Files.deleteIfExists(file);
    } else {
      // Only the open actions, so the file never keeps what was acknowledged before the restart.
      rewrite();
    }
    return out;
  }

  /** Whether the collector's action {@code id} was received before: it never runs twice. */
  public synchronized boolean knows(long id) {
    return seen.contains(id);
  }

  /** Records {@code request} (with its uuid) as received; forced to disk before it returns. */
  public synchronized void received(ActionReport request) throws IOException {
    if (request.id() != null) {
      remember(request.id());
    }
    append("received", request);
    open.put(request.uuid(), new Open(request, false, null));
  }

  /** Records that the program of {@code request} is about to start. */
  public synchronized void started(ActionReport request) throws IOException {
    append("started", request.with(null, null, null, null, request.at()));
    Open o = open.get(request.uuid());
    if (o != null) {
      open.put(request.uuid(), new Open(o.request(), true, null));
    }
  }

  /** Records the outcome; it stays until {@link #acked}. */
  public synchronized void finished(ActionReport outcome) throws IOException {
    append("finished", outcome);
    Open o = open.get(outcome.uuid());
    if (o != null) {
      open.put(outcome.uuid(), new Open(o.request(), o.started(), outcome));
    }
  }

  /**
   * Forgets the actions whose outcomes the collector acknowledged (or refused for good); empties
   * the file once none is left open.
   */
  public synchronized void acked(Collection<ActionReport> outcomes) throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (ActionReport r : outcomes) {
      if (open.remove(r.uuid()) != null) {
        lines.write(codec.journalLine("acked", r.with(null, null, null, null, r.at())));
        lines.write('\n');
      }
    }
    if (open.isEmpty()) {
      Files.deleteIfExists(file);
    } else if (lines.size() > 0) {
      DurableFiles.append(file, lines.toByteArray());
      if (Files.size(file) > COMPACT_AT) {
        rewrite();
      }
    }
  }

  /** Actions not yet acknowledged (tests, and the log at stop). */
  public synchronized int openCount() {
    return open.size();
  }

  private void remember(long id) {
    seen.remove(id);
    seen.add(id);
    if (seen.size() > SEEN_IDS) {
      Iterator<Long> it = seen.iterator();
      it.next();
      it.remove();
    }
  }

  private void append(String event, ActionReport r) throws IOException {
    byte[] line = codec.journalLine(event, r);
    byte[] withNewline = new byte[line.length + 1];
    System.arraycopy(line, 0, withNewline, 0, line.length);
    withNewline[line.length] = '\n';
    DurableFiles.append(file, withNewline);
  }

  private void rewrite() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (Open o : open.values()) {
      line(buf, "received", o.request());
      if (o.started()) {
        line(buf, "started", o.request());
      }
      if (o.outcome() != null) {
        line(buf, "finished", o.outcome());
      }
    }
    DurableFiles.replace(file, buf.toByteArray(), true);
    DurableFiles.forceDir(file.getParent());
  }

  private void line(ByteArrayOutputStream buf, String event, ActionReport r) throws IOException {
    buf.write(codec.journalLine(event, r));
    buf.write('\n');
  }
}
