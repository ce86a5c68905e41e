package io.botasky.agent.alert;

import io.botasky.agent.io.DurableFiles;
import io.botasky.agent.wire.WireCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code data_dir/firing.state}: the alerts firing, one {@code owner<TAB>event} line each,
 * rewritten (through a temporary file) whenever an alert fires or resolves. Read back at start so
 * the tracker knows what the collector believes is open.
 */
public final class FiringStore {
  private static final Logger log = LoggerFactory.getLogger(FiringStore.class);
  private final Path file;
  private final WireCodec codec;

  public FiringStore(Path file, WireCodec codec) {
    this.file = file;
    this.codec = codec;
  }

  /**
   * What was firing; unreadable lines (a torn write cannot happen, a hand edit can) are skipped.
   */
  public List<AlertTracker.Owned> load() {
    List<AlertTracker.Owned> out = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      log.warn(
          "alert: cannot read {}: {}; starting without the alerts that were firing",
          file,
          e.toString());
      return out;
    }
    for (String line : lines) {
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        continue;
      }
      try {
        out.add(
            new AlertTracker.Owned(
                line.substring(0, tab), codec.readEvent(line.substring(tab + 1))));
      } catch (IOException e) {
        log.warn("alert: skipping an unreadable line of {}", file);
      }
    }
    return out;
  }

  /** Replaces the file with {@code firing}; a failure is logged (the spool raises disk trouble). */
  public void save(List<AlertTracker.Owned> firing) {
    try {
      StringBuilder sb = new StringBuilder();
      for (AlertTracker.Owned o : firing) {
        sb.append(o.owner())
            .append('\t')
            .append(new String(codec.eventLine(o.event()), StandardCharsets.UTF_8))
            .append('\n');
      }
      DurableFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      log.warn("alert: cannot write {}: {}", file, e.toString());
    }
  }
}
