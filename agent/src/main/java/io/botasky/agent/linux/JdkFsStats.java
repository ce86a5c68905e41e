package io.botasky.agent.linux;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link FsStats} through {@link FileStore}, which calls statvfs underneath. */
public final class JdkFsStats implements FsStats {
  @Override
  public FsSpace space(String mountPoint) throws IOException {
    FileStore fs = Files.getFileStore(Path.of(mountPoint));
    return new FsSpace(fs.getTotalSpace(), fs.getUnallocatedSpace(), fs.getUsableSpace());
  }
}
