package io.botasky.agent.probe.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.probe.logfile.Rotation.Reason;
import io.botasky.agent.probe.logfile.Rotation.Seen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rotation decider, one row per situation a followed file can be in. */
class RotationTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // case, firstLook, open key, offset, exists, directory, key now, size now, expected
    "first look at a file starts at its end, true, , 0, true, false, A, 500, START_AT_END",
    "first look at nothing waits, true, , 0, false, false, , 0, WAIT",
    "a file that appeared later is read from 0, false, , 0, true, false, A, 10, OPEN_NEW",
    "a directory is refused, true, , 0, true, true, D, 4096, DIRECTORY",
    "the same file grown is read on, false, A, 100, true, false, A, 150, READ_ON",
    "the same file unchanged is read on, false, A, 100, true, false, A, 100, READ_ON",
    "copytruncate: shorter than the offset, false, A, 100, true, false, A, 20, TRUNCATED",
    "rename rotation: another inode, false, A, 100, true, false, B, 0, ROTATED",
    "deleted and recreated: another inode, false, A, 100, true, false, B, 300, ROTATED",
    "deleted and not recreated, false, A, 100, false, false, , 0, GONE",
    "a directory where the file was, false, A, 100, true, true, D, 4096, DIRECTORY",
  })
  void decides(
      String what,
      boolean firstLook,
      String openKey,
      long offset,
      boolean exists,
      boolean dir,
      String key,
      long size,
      Reason expected) {
    assertThat(Rotation.decide(firstLook, openKey, offset, new Seen(exists, dir, key, size)))
        .as(what)
        .isEqualTo(expected);
  }
}
