package io.botasky.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: the embedded database must be closed to every other local user. */
class EmbeddedH2Test {
  @TempDir Path tmp;

  private static DbSettings settings(Path dir, String password) {
    return new DbSettings("", "", password, 2, dir, Duration.ofSeconds(2));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void assertWrongPassword(DbSettings s, String password) {
    assertThatThrownBy(() -> DriverManager.getConnection(s.effectiveUrl(), "sa", password).close())
        .as("connecting with password \"%s\" must be refused", password)
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(28000));
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void firstStartGeneratesAPrivatePasswordAndKeepsEveryFilePrivate() throws Exception {
    Path dir = tmp.resolve("var/lib/botasky");
    DbSettings s = settings(dir, "");
    try (HikariDataSource ds = DataSources.open(s, "t");
        Connection c = ds.getConnection()) {
      assertThat(count(c, "SELECT 1")).isEqualTo(1);
      assertThat(mode(dir)).isEqualTo("rwx------");
      Path pw = dir.resolve(EmbeddedH2.PASSWORD_FILE);
      assertThat(mode(pw)).isEqualTo("rw-------");
      String password = Files.readString(pw).strip();
      assertThat(password).matches("[0-9a-f]{64}");
      assertThat(dir.resolve("botasky.lock.db"))
          .as("AUTO_SERVER's lock file, holding port and key")
          .exists();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          assertThat(mode(f)).as("mode of %s", f.getFileName()).isEqualTo("rw-------");
        }
      }
      assertWrongPassword(s, "");
      try (Connection again = EmbeddedH2.connect(s)) {
        assertThat(count(again, "SELECT 1")).isEqualTo(1);
      }
    }
    // A restart reads the same password.
    try (HikariDataSource ds = DataSources.open(s, "t");
        Connection c = ds.getConnection()) {
      assertThat(count(c, "SELECT 1")).isEqualTo(1);
    }
  }

  /**
   * H2 recreates its lock file whenever it reopens the database: each new connection sets the modes
   * again.
   */
  @Test
  void aReopenedDatabaseGetsPrivateFilesAgain() throws Exception {
    Path dir = tmp.resolve("reopen");
    try (HikariDataSource ds = DataSources.open(settings(dir, ""), "t")) {
      try (Connection c = ds.getConnection()) {
        assertThat(count(c, "SELECT 1")).isEqualTo(1);
      }
      Files.setPosixFilePermissions(
          dir.resolve("botasky.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
      ds.getHikariPoolMXBean().softEvictConnections();
      try (Connection c = ds.getConnection()) {
        assertThat(count(c, "SELECT 1")).isEqualTo(1);
      }
      assertThat(mode(dir.resolve("botasky.mv.db"))).isEqualTo("rw-------");
      assertThat(mode(dir.resolve("botasky.lock.db"))).isEqualTo("rw-------");
    }
  }

  @Test
  void aDatabaseCreatedWithTheEmptyPasswordIsMigratedAndKeepsItsData() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("old"));
    DbSettings s = settings(dir, "");
    try (Connection c = DriverManager.getConnection(s.effectiveUrl(), "sa", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE kept (x INT)");
      st.execute("INSERT INTO kept VALUES (42)");
    }
    try (HikariDataSource ds = DataSources.open(s, "t");
        Connection c = ds.getConnection()) {
      assertThat(count(c, "SELECT x FROM kept")).isEqualTo(42);
      assertWrongPassword(s, "");
    }
  }

  @Test
  void dbPasswordOverridesTheFileAndIsNeverShown() throws Exception {
    Path dir = tmp.resolve("over");
    // First started without db_password: a generated password in the file.
    try (HikariDataSource ds = DataSources.open(settings(dir, ""), "t");
        Connection c = ds.getConnection()) {
      assertThat(count(c, "SELECT 1")).isEqualTo(1);
    }
    String generated = Files.readString(dir.resolve(EmbeddedH2.PASSWORD_FILE)).strip();
    DbSettings s = settings(dir, "correct-horse-battery");
    try (HikariDataSource ds = DataSources.open(s, "t");
        Connection c = ds.getConnection()) {
      assertThat(count(c, "SELECT 1")).isEqualTo(1);
    }
    try (Connection c =
        DriverManager.getConnection(s.effectiveUrl(), "sa", "correct-horse-battery")) {
      assertThat(count(c, "SELECT 1")).isEqualTo(1);
    }
    assertWrongPassword(s, generated);
    assertThat(s.toString()).contains("password=***").doesNotContain("correct-horse-battery");
    assertThat(s.describe()).doesNotContain("correct-horse-battery");

    Path fresh = tmp.resolve("fresh");
    try (HikariDataSource ds = DataSources.open(settings(fresh, "s3cret-s3cret"), "t");
        Connection c = ds.getConnection()) {
      assertThat(count(c, "SELECT 1")).isEqualTo(1);
    }
    assertThat(fresh.resolve(EmbeddedH2.PASSWORD_FILE))
        .as("no file when db_password is set")
        .doesNotExist();
  }

  @Test
  void aDataDirWiderThan0750IsTightenedAndA0750OneKept() throws Exception {
    Path wide = Files.createDirectories(tmp.resolve("wide"));
    Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rwxrwxrwx"));
    EmbeddedH2.prepare(settings(wide, ""));
    assertThat(mode(wide)).isEqualTo("rwxr-x---");
    Path group = Files.createDirectories(tmp.resolve("group"));
    Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rwxr-x---"));
    EmbeddedH2.prepare(settings(group, ""));
    assertThat(mode(group)).isEqualTo("rwxr-x---");
    Path pw = group.resolve(EmbeddedH2.PASSWORD_FILE);
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
    EmbeddedH2.prepare(settings(group, ""));
    assertThat(mode(pw))
        .as("a password file opened up by hand is closed again")
        .isEqualTo("rw-------");
  }

  @Test
  void daemonsStartingAtOnceAgreeOnOnePassword() throws Exception {
    Path dir = tmp.resolve("race");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(
            pool.submit(
                () -> {
                  go.await();
                  return EmbeddedH2.prepare(settings(dir, ""));
                }));
      }
      go.countDown();
      String first = got.get(0).get(30, TimeUnit.SECONDS);
      for (Future<String> f : got) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(first);
      }
      assertThat(Files.readString(dir.resolve(EmbeddedH2.PASSWORD_FILE)).strip()).isEqualTo(first);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .as("no temporary file left")
            .containsExactly("db.password");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The attack of issue 11 item 4, replayed: the daemon's files are made under umask 000 by a child
   * JVM; then, as {@code nobody}, read the password and the lock file (port and key) and connect to
   * the AUTO_SERVER port with the empty password. Every step must be refused. The second part needs
   * root (to switch user) and setpriv; it is skipped elsewhere.
   */
  @Test
  void underUmask000TheFilesStayPrivateAndAnotherLocalUserIsRefused() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dir = tmp.resolve("data");
    Path cp = Files.createDirectories(tmp.resolve("cp"));
    String classpath =
        String.join(
            java.io.File.pathSeparator,
            List.of(
                codeSource(EmbeddedH2Main.class, cp),
                codeSource(EmbeddedH2.class, cp),
                codeSource(HikariDataSource.class, cp),
                codeSource(org.h2.Driver.class, cp),
                codeSource(org.slf4j.Logger.class, cp),
                codeSource(io.botasky.common.log.LogSetup.class, cp)));
    Process child =
        new ProcessBuilder(
                "sh",
                "-c",
                "umask 000; exec \"$0\" -Xmx64m -cp \"$1\" \"$2\" \"$3\"",
                java(),
                classpath,
                EmbeddedH2Main.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String line; (line = out.readLine()) != null && !line.equals("ready"); ) {
        lines.add(line);
      }
      assertThat(child.isAlive()).as("child output: %s", lines).isTrue();
      assertThat(mode(dir)).isEqualTo("rwx------");
      Path password = dir.resolve(EmbeddedH2.PASSWORD_FILE);
      Path lock = dir.resolve("botasky.lock.db");
      assertThat(mode(password)).isEqualTo("rw-------");
      assertThat(mode(dir.resolve("botasky.mv.db"))).isEqualTo("rw-------");
      assertThat(mode(lock)).isEqualTo("rw-------");

      assumeThat(new com.sun.security.auth.module.UnixSystem().getUid())
          .as("switching user needs root")
          .isZero();
      assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv (util-linux)").exists();
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(lock, StandardCharsets.ISO_8859_1)) {
        p.load(r);
      }
      String server = p.getProperty("server");
      String key = p.getProperty("id");
      assertThat(server).as("lock file %s", p).matches("(localhost|127\\.0\\.0\\.1):[0-9]+");
      Path pub = Files.createDirectories(tmp.resolve("pub"));
      Path h2 = pub.resolve("h2.jar");
      Files.copy(
          Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
          h2);
      Files.setPosixFilePermissions(h2, PosixFilePermissions.fromString("rw-r--r--"));

      assertThat(asNobody("cat", password.toString()))
          .as("reading the password")
          .contains("Permission denied");
      assertThat(asNobody("cat", lock.toString()))
          .as("reading the lock file")
          .contains("Permission denied");
      String tcp = "jdbc:h2:tcp://" + server + "/" + key;
      assertThat(
              asNobody(
                  java(),
                  "-cp",
                  h2.toString(),
                  "org.h2.tools.Shell",
                  "-url",
                  tcp,
                  "-user",
                  "sa",
                  "-password",
                  "",
                  "-sql",
                  "SELECT 4242"))
          .as("connecting to the AUTO_SERVER port with the empty password")
          .contains("Wrong user name or password")
          .doesNotContain("4242\n");
      assertThat(
              asNobody(
                  java(),
                  "-cp",
                  h2.toString(),
                  "org.h2.tools.Shell",
                  "-url",
                  "jdbc:h2:file:" + dir.resolve("botasky") + ";AUTO_SERVER=TRUE",
                  "-user",
                  "sa",
                  "-password",
                  "",
                  "-sql",
                  "SELECT 4242"))
          .as("opening the database file")
          .doesNotContain("4242\n");
      // The same attempt with the password works: the password is the fence, not something else.
      try (Connection c =
          DriverManager.getConnection(tcp, "sa", Files.readString(password).strip())) {
        assertThat(count(c, "SELECT 4242")).isEqualTo(4242);
      }
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String asNobody(String... command) throws IOException, InterruptedException {
    List<String> argv =
        new ArrayList<>(
            List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    argv.addAll(List.of(command));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out + "\nexit " + p.exitValue();
  }

  /**
   * Where a class was loaded from; a class directory is copied, as other builds may rewrite
   * target/.
   */
  private static String codeSource(Class<?> c, Path tmp) throws IOException {
    Path p;
    try {
      p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    if (!Files.isDirectory(p)) {
      return p.toString();
    }
    Path copy = tmp.resolve(Integer.toHexString(p.hashCode()));
    if (!Files.exists(copy)) {
      try (Stream<Path> s = Files.walk(p)) {
        for (Path f : s.toList()) {
          Path t = copy.resolve(p.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(t);
          } else {
            Files.copy(f, t);
          }
        }
      }
    }
    return copy.toString();
  }
}
