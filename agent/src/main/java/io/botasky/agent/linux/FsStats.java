package io.botasky.agent.linux;

import java.io.IOException;

/** statvfs of a mount point: the JDK's FileStore in production, a table in tests. */
@FunctionalInterface
public interface FsStats {
  FsSpace space(String mountPoint) throws IOException;
}
