package io.botasky.common.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database's fence against other local users. H2's {@code AUTO_SERVER} opens a TCP
 * port (on loopback) and writes it to a lock file, so a readable lock file and an empty password
 * meant full SQL, and through {@code CREATE ALIAS} Java code, for any local user. Here:
 *
 * <ul>
 *   <li>{@code data_dir} is created 0700 whatever the umask, and an existing one wider than 0750 is
 *       tightened (group write and everything for others removed);
 *   <li>the password is {@code db_password} when set, else a random one generated at first start
 *       and kept in {@code data_dir/db.password} (0600, created under a temporary name and
 *       hard-linked into place, so it is never visible half-written or with a wider mode, and two
 *       daemons starting at once agree on one);
 *   <li>a database created before this (user {@code sa}, empty password), or under the other
 *       password, gets the password it should have ({@code SET PASSWORD}) on first start;
 *   <li>the database files and the lock file are 0600.
 * </ul>
 *
 * Every opener of the embedded database goes through here: the daemons through {@link DataSources},
 * tools and tests through {@link #connect}. The password is never logged.
 */
public final class EmbeddedH2 {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedH2.class);

  /** The password file's name under {@code data_dir}. */
  public static final String PASSWORD_FILE = "db.password";

  /**
   * The database files' common prefix under {@code data_dir} (botasky.mv.db, botasky.lock.db, …).
   */
  static final String FILE_PREFIX = "botasky.";

  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");

  /** H2's error code for a wrong user name or password (ErrorCode.WRONG_USER_OR_PASSWORD). */
  private static final int WRONG_PASSWORD = 28000;

  private EmbeddedH2() {}

  /** The user name: {@code db_user}, or H2's {@code sa}. */
  public static String user(DbSettings s) {
    return s.user() == null || s.user().isEmpty() ? "sa" : s.user();
  }

  /**
   * Makes {@code data_dir} private, settles the password (creating it on first start, migrating an
   * existing database to it) and tightens the database files; returns the password to connect with.
   */
  public static String prepare(DbSettings s) throws IOException {
    Path dir = s.dataDir().toAbsolutePath();
    securePrivateDir(dir);
    boolean override = s.password() != null && !s.password().isEmpty();
    Path file = dir.resolve(PASSWORD_FILE);
    String fromFile = Files.exists(file) ? readPasswordFile(file) : null;
    String password =
        override ? s.password() : fromFile != null ? fromFile : createPasswordFile(file);
    if (Files.exists(dir.resolve("botasky.mv.db"))) {
      List<String> older = new ArrayList<>();
      if (fromFile != null && !fromFile.equals(password)) {
        older.add(fromFile);
      }
      older.add("");
      migratePassword(s, password, older);
    }
    secureFiles(dir);
    return password;
  }

  /** A connection for tools and tests, with the same password the daemons use. */
  public static Connection connect(DbSettings s) throws IOException, SQLException {
    return DriverManager.getConnection(s.effectiveUrl(), user(s), prepare(s));
  }

  /**
   * Sets 0600 on every database file under {@code dir}. H2 creates them (and recreates the lock
   * file at every open) with the process umask; the 0700 directory already keeps others out, this
   * keeps them out should the directory ever be widened by hand.
   */
  public static void secureFiles(Path dir) throws IOException {
    if (!posix(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith(FILE_PREFIX) && Files.isRegularFile(f)) {
          try {
            Files.setPosixFilePermissions(f, FILE_MODE);
          } catch (java.nio.file.NoSuchFileException gone) {
            // a lock or temp file H2 removed meanwhile
          }
        }
      }
    }
  }

  static void securePrivateDir(Path dir) throws IOException {
    if (!posix(dir.getParent() == null ? dir : existingAncestor(dir))) {
      Files.createDirectories(dir);
      return;
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      } catch (FileAlreadyExistsException raced) {
        // created by the other daemon meanwhile: checked below like any existing one
      }
      // The attribute passes through the umask; set the mode itself so a umask of 0777 cannot lock
      // us out.
      Files.setPosixFilePermissions(dir, DIR_MODE);
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
    Set<PosixFilePermission> tooWide =
        EnumSet.of(
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    tooWide.retainAll(mode);
    if (!tooWide.isEmpty()) {
      Set<PosixFilePermission> tighter = EnumSet.copyOf(mode);
      tighter.removeAll(tooWide);
      try {
        Files.setPosixFilePermissions(dir, tighter);
        log.warn(
            "embedded database: {} was {}, now {} (other users must not reach the database)",
            dir,
            PosixFilePermissions.toString(mode),
            PosixFilePermissions.toString(tighter));
      } catch (FileSystemException e) {
        log.warn(
            "embedded database: {} is {} and cannot be tightened ({}); other local users may reach"
                + " the database",
            dir,
            PosixFilePermissions.toString(mode),
            e.getMessage());
      }
    }
  }

  private static Path existingAncestor(Path dir) {
    Path p = dir;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p == null ? dir.getRoot() : p;
  }

  private static boolean posix(Path p) {
    return p != null && p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String readPasswordFile(Path file) throws IOException {
    if (posix(file)) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!mode.equals(FILE_MODE) && !mode.equals(PosixFilePermissions.fromString("r--------"))) {
        Files.setPosixFilePermissions(file, FILE_MODE);
        log.warn(
            "embedded database: {} was {}, now rw-------",
            file,
            PosixFilePermissions.toString(mode));
      }
    }
    String p = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (p.isEmpty()) {
      throw new IOException(
          file + " is empty; delete it only together with the database, or set db_password");
    }
    return p;
  }

  /**
   * Writes a new random password to {@code file}: a temporary 0600 file, forced, then hard-linked
   * to the final name, which fails if the file exists; so a reader sees a whole file or none, never
   * a wider mode, and when two daemons race the first link wins and the other reads it.
   */
  private static String createPasswordFile(Path file) throws IOException {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String password = HexFormat.of().formatHex(raw);
    Path tmp =
        file.resolveSibling(
            PASSWORD_FILE + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
    try {
      try (FileChannel ch =
          posix(file)
              ? FileChannel.open(
                  tmp,
                  Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                  PosixFilePermissions.asFileAttribute(FILE_MODE))
              : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        return readPasswordFile(file);
      } catch (UnsupportedOperationException | FileSystemException noLinks) {
        // A file system without hard links: a plain move, which never replaces an existing file.
        try {
          Files.move(tmp, file);
        } catch (FileAlreadyExistsException raced) {
          return readPasswordFile(file);
        }
      }
      log.info("embedded database: generated its password in {} (rw-------)", file);
      return password;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Connects with {@code password}; if refused, tries each of {@code older} and, with the first
   * that works, sets {@code password}. A database nobody can open is left alone (and logged): the
   * pool reports it as unavailable like any other outage.
   */
  private static void migratePassword(DbSettings s, String password, List<String> older) {
    String url = s.effectiveUrl();
    String user = user(s);
    SQLException refused;
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return;
    } catch (SQLException e) {
      if (e.getErrorCode() != WRONG_PASSWORD) {
        log.warn("embedded database: cannot open it to check its password: {}", e.getMessage());
        return;
      }
      refused = e;
    }
    for (String old : older) {
      try (Connection c = DriverManager.getConnection(url, user, old);
          Statement st = c.createStatement()) {
        st.execute("SET PASSWORD '" + password.replace("'", "''") + "'");
        log.warn(
            "embedded database: it had {}; set the password from {} (only its owner can read it"
                + " now)",
            old.isEmpty() ? "an empty password" : "the password of " + PASSWORD_FILE,
            s.password() != null && !s.password().isEmpty() ? "db_password" : PASSWORD_FILE);
        return;
      } catch (SQLException e) {
        if (e.getErrorCode() != WRONG_PASSWORD) {
          log.warn("embedded database: cannot change its password: {}", e.getMessage());
          return;
        }
      }
    }
    // Another daemon may have migrated it between our two attempts: that is fine if ours works now.
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return;
    } catch (SQLException e) {
      log.error(
          "embedded database: neither {} nor an empty password opens it ({}); set db_password to"
              + " its password",
          s.password() != null && !s.password().isEmpty() ? "db_password" : PASSWORD_FILE,
          refused.getMessage());
    }
  }
}
