package io.botasky.agent.linux;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The host's account and login files below injected roots: {@code /etc} (passwd, group,
 * os-release), the run directory (utmp) and the log directory (wtmp).
 */
public final class EtcFs {
  /**
   * wtmp grows for months; the last 4 MiB hold thousands of logins, plenty for "recently active".
   */
  static final int WTMP_TAIL = 4 << 20;

  private final Path etc;
  private final Path run;
  private final Path log;

  public EtcFs(Path etcRoot, Path runRoot, Path logRoot) {
    this.etc = etcRoot;
    this.run = runRoot;
    this.log = logRoot;
  }

  public List<PasswdEntry> passwd() throws IOException {
    return parse(etc.resolve("passwd"), PasswdEntry::parse);
  }

  public List<GroupEntry> groups() throws IOException {
    return parse(etc.resolve("group"), GroupEntry::parse);
  }

  /** The distribution name; empty when the file is absent. */
  public Optional<OsRelease> osRelease() throws IOException {
    try {
      return Optional.of(parse(etc.resolve("os-release"), OsRelease::parse));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Current sessions; empty when the system keeps no utmp (containers, systemd without it). */
  public List<LoginRecord> utmp() throws IOException {
    return records(run.resolve("utmp"), 1 << 20);
  }

  /** Login history, newest last, limited to the file's last 4 MiB. */
  public List<LoginRecord> wtmp() throws IOException {
    return records(log.resolve("wtmp"), WTMP_TAIL);
  }

  /** The last {@code n} records of the login history, newest last. */
  public List<LoginRecord> wtmpTail(int n) throws IOException {
    return records(log.resolve("wtmp"), Math.min(WTMP_TAIL, n * LoginRecord.SIZE));
  }

  private static List<LoginRecord> records(Path f, int tail) throws IOException {
    byte[] data;
    try (var ch = java.nio.channels.FileChannel.open(f)) {
      long size = ch.size();
      // Start on a record boundary so the tail parses as whole records.
      long from = Math.max(0, size - tail);
      from -= from % LoginRecord.SIZE;
      ch.position(from);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // Keep reading until the snapshot is complete.
      }
      data = java.util.Arrays.copyOf(buf.array(), buf.position());
    } catch (NoSuchFileException e) {
      return List.of();
    }
    try {
      return LoginRecord.parse(data);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(f + ": " + e.getMessage(), e);
    }
  }

  private static <T> T parse(Path f, Function<String, T> parser) throws IOException {
    String text = BoundedFiles.read(f);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(f + ": " + e.getMessage(), e);
    }
  }
}
