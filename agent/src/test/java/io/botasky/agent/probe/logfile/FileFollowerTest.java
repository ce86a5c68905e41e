package io.botasky.agent.probe.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follower on real files in a temp dir: start at the end, rename rotation (the old file's rest
 * first), copytruncate, deleted and recreated, not there yet, a directory, the per-round cap.
 */
class FileFollowerTest {
  @TempDir Path dir;
  private Path log;
  private FileFollower f;
  private final List<String> lines = new ArrayList<>();

  private void start(long cap) {
    log = dir.resolve("app.log");
    f = new FileFollower(log, cap, 8192);
  }

  @AfterEach
  void close() throws IOException {
    f.close();
  }

  private void append(Path p, String s) throws IOException {
    Files.writeString(
        p, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private FileFollower.Polled poll() throws IOException {
    return f.poll(lines::add);
  }

  @Test
  void startsAtTheEndSoOldLinesAreNotRead() throws IOException {
    start(1 << 20);
    append(log, "old 1\nold 2\n");
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.START_AT_END);
    append(log, "new 1\n");
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.READ_ON);
    assertThat(lines).containsExactly("new 1");
  }

  @Test
  void renameRotationReadsTheRestOfTheOldFileFirst() throws IOException {
    start(1 << 20);
    append(log, "before\n");
    poll();
    append(log, "old tail\n");
    Files.move(log, dir.resolve("app.log.1"));
    append(log, "new head\n");
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.ROTATED);
    assertThat(lines).containsExactly("old tail", "new head");
    append(log, "new 2\n");
    poll();
    assertThat(lines).containsExactly("old tail", "new head", "new 2");
  }

  @Test
  void anOldFileEndingWithoutNewlineGivesItsLastLine() throws IOException {
    start(1 << 20);
    append(log, "x\n");
    poll();
    append(log, "partial");
    Files.move(log, dir.resolve("app.log.1"));
    append(log, "fresh\n");
    poll();
    assertThat(lines).containsExactly("partial", "fresh");
  }

  @Test
  void copytruncateStartsAgainFromTheTop() throws IOException {
    start(1 << 20);
    append(log, "a long enough first line\n");
    poll();
    append(log, "copied away\n");
    poll();
    try (RandomAccessFile r = new RandomAccessFile(log.toFile(), "rw")) {
      r.setLength(0);
    }
    append(log, "after\n");
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.TRUNCATED);
    assertThat(lines).containsExactly("copied away", "after");
  }

  @Test
  void deletedThenRecreatedIsFollowed() throws IOException {
    start(1 << 20);
    append(log, "x\n");
    poll();
    Files.delete(log);
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.GONE);
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.WAIT);
    append(log, "reborn\n");
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.OPEN_NEW);
    assertThat(lines).containsExactly("reborn");
  }

  @Test
  void aFileThatDoesNotExistYetIsWaitedForAndReadFromItsStart() throws IOException {
    start(1 << 20);
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.WAIT);
    append(log, "first ever\n");
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.OPEN_NEW);
    assertThat(lines).containsExactly("first ever");
  }

  @Test
  void aDirectoryIsReportedNotRead() throws IOException {
    start(1 << 20);
    Files.createDirectory(log);
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.DIRECTORY);
  }

  @Test
  void aFifoIsRefusedNotOpened() throws Exception {
    start(1 << 20);
    Process p = new ProcessBuilder("mkfifo", log.toString()).start();
    assertThat(p.waitFor()).isZero();
    // Opening a FIFO for reading would block until a writer comes: never done.
    assertThat(poll().reason()).isEqualTo(Rotation.Reason.DIRECTORY);
  }

  @Test
  void eachRoundReadsAtMostTheCapAndTheRestNext() throws IOException {
    start(10);
    append(log, "");
    poll();
    append(log, "0123456\n0123456\n0123456\n");
    FileFollower.Polled p = poll();
    assertThat(p.bytes()).isEqualTo(10);
    assertThat(p.behind()).isTrue();
    assertThat(lines).containsExactly("0123456");
    poll();
    poll();
    assertThat(lines).containsExactly("0123456", "0123456", "0123456");
  }
}
