package io.botasky.agent.spool;

import io.botasky.agent.io.DurableFiles;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code current.data} and {@code current.sent}: batch lines appended at the end, read from the
 * sent offset, the offset moved on once a line is accepted, the file emptied once all of it is. The
 * generation changes whenever the file is emptied, so an answer for a line read before that cannot
 * move the offset of the new content. Not thread-safe: the spool's monitor guards it.
 */
final class DataFile {
  private static final Logger log = LoggerFactory.getLogger(DataFile.class);
  private final Path file;
  private final Path sentFile;
  private long sentOffset;
  private long generation;

  /** One line read at the sent offset; {@code end} is the offset after it. */
  record Line(String text, long end, long generation) {}

  /** What a compression into a backup took. */
  record Compressed(long lines, long samples) {}

  DataFile(Path file, Path sentFile) {
    this.file = file;
    this.sentFile = sentFile;
  }

  /**
   * Cuts the file after its last complete line (a torn append, or the zero-filled tail a power cut
   * leaves; the cut bytes go to {@code setAside}) and clamps the sent offset. Returns the unsent
   * bytes.
   */
  long recover(SetAside setAside) throws IOException {
    long valid = validPrefix();
    if (Files.exists(file) && Files.size(file) > valid) {
      log.warn(
          "spool: {} ends in an incomplete line (a crash while writing); cutting {} bytes",
          file,
          Files.size(file) - valid);
      setAside.append("metrics", SpoolFiles.tail(file, valid));
      DurableFiles.truncate(file, valid, true);
    }
    sentOffset = readSentOffset();
    if (sentOffset > valid || !atLineStart(sentOffset)) {
      // The file was emptied after a full delivery, but the offset write did not land.
      sentOffset = sentOffset > valid ? 0 : sentOffset;
      writeSentOffset();
    }
    return valid - sentOffset;
  }

  /** Appends whole lines and forces them; a failed append leaves the file as it was. */
  void append(byte[] lines) throws IOException {
    DurableFiles.append(file, lines);
  }

  long size() {
    return SpoolFiles.size(file);
  }

  /** Bytes not yet accepted. */
  long unsent() {
    return Math.max(0, size() - sentOffset);
  }

  /** The first unaccepted line, or null. */
  Line next() throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      String line = SpoolFiles.readLineAt(f, sentOffset);
      return line == null
          ? null
          : new Line(
              line, sentOffset + line.getBytes(StandardCharsets.UTF_8).length + 1, generation);
    }
  }

  /**
   * {@code line} was accepted (or set aside): move past it; once everything is, empty the file
   * (nothing delivered is kept). An answer for a line of an older generation changes nothing.
   */
  void accepted(Line line) throws IOException {
    if (line.generation() != generation) {
      return;
    }
    sentOffset = line.end();
    if (sentOffset >= size()) {
      DurableFiles.truncate(file, 0, false);
      sentOffset = 0;
      generation++;
    }
    writeSentOffset();
  }

  /** Writes the unaccepted lines, gzip-compressed, to {@code tmp} and forces it. */
  Compressed compressUnsent(Path tmp) throws IOException {
    long samples = 0;
    long lines = 0;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r");
        FileOutputStream out = DurableFiles.create(tmp);
        GZIPOutputStream gz = new GZIPOutputStream(out, 8192);
        Writer w = new OutputStreamWriter(gz, StandardCharsets.UTF_8)) {
      long pos = sentOffset;
      String line;
      while ((line = SpoolFiles.readLineAt(f, pos)) != null) {
        w.write(line);
        w.write('\n');
        samples += DataLines.countSamples(line);
        lines++;
        pos += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
      // The gzip trailer first, then the force, while the descriptor is still open.
      w.flush();
      gz.finish();
      out.getFD().sync();
    }
    return new Compressed(lines, samples);
  }

  /** Empties the file after its content went into a backup. */
  void emptied() throws IOException {
    DurableFiles.truncate(file, 0, true);
    sentOffset = 0;
    generation++;
    writeSentOffset();
  }

  /** Bytes of the file made of complete lines. */
  private long validPrefix() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long valid = 0;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      while (true) {
        String line = SpoolFiles.readLineAt(f, valid);
        if (line == null || !DataLines.looksComplete(line)) {
          return valid;
        }
        valid += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
    }
  }

  private boolean atLineStart(long offset) throws IOException {
    if (offset == 0) {
      return true;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(offset - 1);
      return f.read() == '\n';
    }
  }

  private long readSentOffset() {
    try {
      return Math.max(
          0, Long.parseLong(Files.readString(sentFile, StandardCharsets.US_ASCII).strip()));
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | NumberFormatException e) {
      // A torn offset file: start over; resent batches are stored once by the collector.
      return 0;
    }
  }

  private void writeSentOffset() throws IOException {
    // Not forced: an offset lost to a power cut only resends batches, which the collector stores
    // once.
    DurableFiles.replace(
        sentFile, Long.toString(sentOffset).getBytes(StandardCharsets.US_ASCII), false);
  }
}
