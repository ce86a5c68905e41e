package io.botasky.common.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The SLF4J backend on its own instance: levels (the libraries' kept at WARN), sinks replaced by a
 * reconfiguration, arguments and a trailing throwable as SLF4J defines them, and a log file that
 * cannot be written losing no line.
 */
class LogBackendTest {
  @TempDir Path tmp;
  private final List<LogEntry> got = new ArrayList<>();
  private final LogSink capture = got::add;
  // The stderr sink LogSetup puts beside a log file.
  private static final ConsoleSink WARNINGS = new ConsoleSink(Level.WARN);

  @Test
  void levelsAndTheQuietLibraries() {
    LogBackend b = new LogBackend();
    b.configure(Level.INFO, List.of(capture));
    Logger ours = b.getLogger("io.botasky.agent.Probe");
    Logger netty = b.getLogger("io.netty.channel.Foo");
    Logger nettyish = b.getLogger("io.nettyx.Foo");
    assertThat(ours.isInfoEnabled()).isTrue();
    assertThat(ours.isDebugEnabled()).isFalse();
    assertThat(netty.isInfoEnabled()).isFalse();
    assertThat(netty.isWarnEnabled()).isTrue();
    assertThat(nettyish.isInfoEnabled()).isTrue();
    ours.debug("no");
    netty.info("no");
    ours.info("probe {} took {} ms", "cpu", 3);
    netty.warn("yes");
    assertThat(got).extracting(e -> e.message).containsExactly("probe cpu took 3 ms", "yes");

    // --debug: existing loggers follow; the libraries stay quiet.
    b.configure(Level.DEBUG, List.of(capture));
    assertThat(ours.isDebugEnabled()).isTrue();
    assertThat(netty.isInfoEnabled()).isFalse();
    assertThat(b.getLogger("h2database").isInfoEnabled()).isFalse();
    b.configure(Level.ERROR, List.of(capture));
    assertThat(netty.isWarnEnabled()).isFalse();
  }

  @Test
  void aTrailingThrowableIsTheThrowable() {
    LogBackend b = new LogBackend();
    b.configure(Level.INFO, List.of(capture));
    IllegalStateException boom = new IllegalStateException("boom");
    b.getLogger("a.B").warn("send to {} failed", "pi9", boom);
    b.getLogger("a.B").error("plain", boom);
    b.getLogger("a.B").info("{} {} {}", 1, 2, 3);
    assertThat(got.get(0).message).isEqualTo("send to pi9 failed");
    assertThat(got.get(0).thrown).isSameAs(boom);
    assertThat(got.get(0).level).isEqualTo(Level.WARN);
    assertThat(got.get(1).thrown).isSameAs(boom);
    assertThat(got.get(2).message).isEqualTo("1 2 3");
  }

  @Test
  void aReconfigurationClosesTheSinksItDrops() throws Exception {
    LogBackend b = new LogBackend();
    Path first = tmp.resolve("first.log");
    Path second = tmp.resolve("second.log");
    FileSink one = FileSink.open(first, () -> 0L, WARNINGS);
    b.configure(Level.INFO, List.of(one));
    b.getLogger("x.Y").info("to the first");
    b.configure(Level.INFO, List.of(FileSink.open(second, () -> 0L, WARNINGS)));
    b.getLogger("x.Y").info("to the second");
    assertThat(Files.readString(first)).endsWith(" INFO  Y: to the first\n");
    assertThat(Files.readString(second)).endsWith(" INFO  Y: to the second\n");
    assertThat(Files.readString(first)).doesNotContain("second");
  }

  @Test
  void aFileThatCannotBeWrittenSendsTheLineToStderr() throws Exception {
    String out =
        stderrOf(
            () -> {
              LogBackend b = new LogBackend();
              long[] now = {0};
              // /dev/full: every write fails with ENOSPC, as on a full disk.
              b.configure(
                  Level.INFO,
                  List.of(FileSink.open(Path.of("/dev/full"), () -> now[0], WARNINGS), WARNINGS));
              b.getLogger("x.Y").info("kept one");
              b.getLogger("x.Y").info("kept two");
              now[0] = 5_000;
              b.getLogger("x.Y").info("kept three");
              b.getLogger("x.Y").warn("a warning");
            });
    assertThat(out)
        .contains(" INFO  Y: kept one\n", " INFO  Y: kept two\n", " INFO  Y: kept three\n")
        .doesNotContain("again");
    // Said once for the outage, not once per line or per retry.
    assertThat(out.split("log: cannot write to /dev/full \\(", -1)).hasSize(2);
    // A warning reaches stderr through its own sink, not a second time through the file's.
    assertThat(out.split(" WARN  Y: a warning\n", -1)).hasSize(2);
  }

  @Test
  void theFileIsWrittenAgainOnceItCanBe() throws Exception {
    // The log path a link to /dev/full (every write fails), then to a real file.
    Path link = Files.createSymbolicLink(tmp.resolve("agent.log"), Path.of("/dev/full"));
    Path real = tmp.resolve("real.log");
    String out =
        stderrOf(
            () -> {
              LogBackend b = new LogBackend();
              long[] now = {0};
              b.configure(Level.INFO, List.of(FileSink.open(link, () -> now[0], WARNINGS)));
              b.getLogger("x.Y").info("one");
              Files.delete(link);
              Files.createSymbolicLink(link, real);
              now[0] = 500;
              b.getLogger("x.Y").info("two");
              now[0] = 1500;
              b.getLogger("x.Y").info("three");
              b.getLogger("x.Y").info("four");
            });
    assertThat(out)
        .contains("log: cannot write to " + link + " (")
        .contains(" INFO  Y: one\n", " INFO  Y: two\n")
        .contains("log: writing to " + link + " again")
        .doesNotContain("three", "four");
    assertThat(Files.readAllLines(real))
        .hasSize(2)
        .allMatch(l -> l.endsWith(" INFO  Y: three") || l.endsWith(" INFO  Y: four"));
  }

  private interface Action {
    void run() throws Exception;
  }

  /** What {@code action} wrote to stderr. */
  private static String stderrOf(Action action) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(saved);
    }
    return err.toString(UTF_8);
  }
}
