package io.botasky.agent.probe.logfile;

/**
 * Decides, from what the follower has open and what the path names now, how to go on reading
 * (docs/probes/logfile.md, "Rotation"). Pure: no I/O, table-tested.
 */
final class Rotation {
  private Rotation() {}

  /**
   * What the path names now.
   *
   * @param directory a directory or anything else that is not a regular file (FIFO, device)
   * @param key the file's identity (device and inode, {@code BasicFileAttributes.fileKey()})
   */
  record Seen(boolean exists, boolean directory, Object key, long size) {
    static final Seen MISSING = new Seen(false, false, null, 0);
  }

  /** What to do, and why. */
  enum Reason {
    /** The path is a directory (or a FIFO, a device): a probe failure, nothing is read. */
    DIRECTORY,
    /** The first look at an existing file: start at its end (no flood of old lines). */
    START_AT_END,
    /** Nothing was open and the file has appeared since: read it from the start. */
    OPEN_NEW,
    /** Nothing open and nothing there: wait for the file. */
    WAIT,
    /** The same file, as long as or longer than the offset: read on. */
    READ_ON,
    /** The same file, now shorter than the offset (copytruncate): read again from 0. */
    TRUNCATED,
    /**
     * The path names another file (rename rotation, or deleted and recreated): finish the open
     * file, then read the new one from 0.
     */
    ROTATED,
    /** The path is gone: finish the open file, then wait for a new one. */
    GONE
  }

  /**
   * @param firstLook no round has looked at the path yet
   * @param openKey the identity of the open file, null when none is open
   * @param offset where reading of the open file stands
   */
  static Reason decide(boolean firstLook, Object openKey, long offset, Seen now) {
    if (now.directory()) {
      return Reason.DIRECTORY;
    }
    if (openKey == null) {
      if (!now.exists()) {
        return Reason.WAIT;
      }
      return firstLook ? Reason.START_AT_END : Reason.OPEN_NEW;
    }
    if (!now.exists()) {
      return Reason.GONE;
    }
    if (!openKey.equals(now.key())) {
      return Reason.ROTATED;
    }
    return now.size() < offset ? Reason.TRUNCATED : Reason.READ_ON;
  }
}
