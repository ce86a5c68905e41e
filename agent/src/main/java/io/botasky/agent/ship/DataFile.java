package io.botasky.agent.ship;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code current.data} and {@code current.sent}: batch lines appended at the end, read from the
 * sent offset, the offset moved on once a line is accepted, the file emptied once all of it is.
 * The generation changes whenever the file is emptied, so an answer for a line read before that
 * cannot move the offset of the new content. Not thread-safe: the spool's monitor guards it.
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

  Path path() {
    return file;
  }

  /**
   * Cuts the file after its last complete line (a torn append, or the zero-filled tail a power cut
   * leaves; the cut bytes go to {@code setAside}) and clamps the sent offset. Returns the unsent bytes.
   */
  long recover(SetAside setAside) throws IOException {
    long valid = validPrefix();
    if (Files.exists(file) && Files.size(file) > valid) {
      log.warn("spool: {} ends in an incomplete line (a crash while writing); cutting {} bytes", file,
          Files.size(file) - valid);
      setAside.append("metrics", SpoolFiles.tail(file, valid));
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(valid);
        ch.force(true);
      }
    }
    sentOffset = readSentOffset();
    if (sentOffset > valid || !atLineStart(sentOffset)) {
      // The file was emptied after a full delivery, but the offset write did not land.
      sentOffset = sentOffset > valid ? 0 : sentOffset;
      writeSentOffset();
    }
    return valid - sentOffset;
  }

  /** Opens the file for appending; the caller writes whole lines and forces. */
  FileChannel openAppend() throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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
      return line == null ? null
          : new Line(line, sentOffset + line.getBytes(StandardCharsets.UTF_8).length + 1, generation);
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
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
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
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      // Closing the writer finishes the gzip trailer; the force comes after that, below.
      try (OutputStream gz = new GZIPOutputStream(Channels.newOutputStream(out), 8192);
          Writer w = new java.io.OutputStreamWriter(gz, StandardCharsets.UTF_8)) {
        long pos = sentOffset;
        String line;
        while ((line = SpoolFiles.readLineAt(f, pos)) != null) {
          w.write(line);
          w.write('\n');
          samples += DataLines.countSamples(line);
          lines++;
          pos += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
      }
    }
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      out.force(true);
    }
    return new Compressed(lines, samples);
  }

  /** Empties the file after its content went into a backup. */
  void emptied() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
      ch.force(true);
    }
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
      return Math.max(0, Long.parseLong(Files.readString(sentFile, StandardCharsets.US_ASCII).strip()));
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | NumberFormatException e) {
      // A torn offset file: start over; resent batches are stored once by the collector.
      return 0;
    }
  }

  private void writeSentOffset() throws IOException {
    Path tmp = sentFile.resolveSibling(sentFile.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(sentOffset), StandardCharsets.US_ASCII);
    Files.move(tmp, sentFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
