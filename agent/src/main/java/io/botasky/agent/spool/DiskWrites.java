package io.botasky.agent.spool;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * Whether the spool's last write to disk failed: a new failure is logged once at ERROR, the
 * recovery once at INFO, through the spool's own logger. Not thread-safe: the spool's monitor
 * guards it.
 */
final class DiskWrites {
  private final Logger log;
  private final Path dataDir;
  private String error;

  DiskWrites(Logger log, Path dataDir) {
    this.log = log;
    this.dataDir = dataDir;
  }

  /** The last failure ({@code what: exception}), or null when writes work. */
  String error() {
    return error;
  }

  void ok() {
    if (error != null) {
      log.info("spool: disk writes work again");
      error = null;
    }
  }

  void failed(String what, IOException e) {
    String msg = what + ": " + e;
    if (!msg.equals(error)) {
      log.error(
          "spool: cannot write {} under {}: {}; keeping data in memory",
          what,
          dataDir,
          e.toString());
    }
    error = msg;
  }
}
