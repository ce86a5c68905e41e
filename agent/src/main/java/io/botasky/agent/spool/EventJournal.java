package io.botasky.agent.spool;

import io.botasky.agent.io.DurableFiles;
import io.botasky.agent.wire.WireCodec;
import io.botasky.common.wire.AlertEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undelivered alert events: in memory in arrival order, and in {@code data_dir/events.jsonl},
 * appended and forced at once (alerts are rare and must survive a power cut). Delivered events are
 * removed by rewriting the journal through a temporary file. Never drops an event: when the disk
 * refuses, the event stays in memory and the failure is reported.
 */
final class EventJournal {
  private static final Logger log = LoggerFactory.getLogger(Spool.class);
  private final Path file;
  private final WireCodec json;
  private final SetAside setAside;
  private final LinkedHashMap<String, AlertEvent> events = new LinkedHashMap<>();
  private String writeError;

  EventJournal(Path file, WireCodec json, SetAside setAside) {
    this.file = file;
    this.json = json;
    this.setAside = setAside;
  }

  /** Reads what a previous run left; a torn last line (crash while appending) is skipped. */
  synchronized int recover() throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return 0;
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
      try {
        AlertEvent e = json.readEvent(line);
        if (e.eventId() != null) {
          events.putIfAbsent(e.eventId(), e);
        }
      } catch (IOException e) {
        log.warn("spool: skipping an unreadable line of {} (a crash while writing)", file);
      }
    }
    return events.size();
  }

  synchronized void add(List<AlertEvent> add) {
    List<AlertEvent> fresh = new ArrayList<>();
    for (AlertEvent e : add) {
      if (events.putIfAbsent(e.eventId(), e) == null) {
        fresh.add(e);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    if (writeError != null) {
      // The journal lacks earlier events: rewrite it whole, in order, rather than append after a
      // gap.
      rewrite();
      return;
    }
    try {
      DurableFiles.append(file, encode(fresh));
      ok();
    } catch (IOException e) {
      failed(e);
    }
  }

  /** After a refused write: tries again to get every event held in memory into the journal. */
  synchronized void retryWrite() {
    if (writeError != null) {
      rewrite();
    }
  }

  synchronized List<AlertEvent> pending(int max) {
    return events.values().stream().limit(max).toList();
  }

  synchronized int size() {
    return events.size();
  }

  synchronized String writeError() {
    return writeError;
  }

  /** Forgets delivered events: nothing delivered is kept. */
  synchronized void delivered(List<AlertEvent> done) {
    boolean changed = false;
    for (AlertEvent e : done) {
      changed |= events.remove(e.eventId()) != null;
    }
    if (changed || writeError != null) {
      rewrite();
    }
  }

  synchronized void rejected(List<AlertEvent> bad, String reason) {
    try {
      setAside.append("events", new String(encode(bad), StandardCharsets.UTF_8));
    } catch (IOException e) {
      log.error("spool: cannot set aside {} rejected events: {}", bad.size(), e.getMessage());
    }
    log.error(
        "spool: collector rejected {} events ({}); set aside in {}",
        bad.size(),
        reason,
        setAside.dir());
    delivered(bad);
  }

  private void rewrite() {
    try {
      if (events.isEmpty()) {
        Files.deleteIfExists(file);
      } else {
        DurableFiles.replace(file, encode(events.values()), true);
      }
      ok();
    } catch (IOException e) {
      failed(e);
    }
  }

  private byte[] encode(java.util.Collection<AlertEvent> list) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (AlertEvent e : list) {
      buf.write(json.eventLine(e));
      buf.write('\n');
    }
    return buf.toByteArray();
  }

  private void ok() {
    if (writeError != null) {
      log.info("spool: event journal writable again");
      writeError = null;
    }
  }

  private void failed(IOException e) {
    if (writeError == null) {
      log.error("spool: cannot write {}: {}; events kept in memory", file, e.toString());
    }
    writeError = e.toString();
  }
}
