package io.botasky.agent.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Random (version 4) UUIDs for events, batches and action reports, from the kernel's random source
 * read directly: the bytes {@code UUID.randomUUID()} gets on Linux through {@code SecureRandom}'s
 * NativePRNG, without loading the JDK's security providers into the agent (some 60 classes, 0.5 MB
 * of its memory; docs/agent.md, "Footprint"). A host without the device (a bare chroot) gets {@code
 * UUID.randomUUID()}.
 */
public final class UrandomIds implements Supplier<UUID> {
  private final Path source;

  /** {@code source}: {@code /dev/urandom}, or a fixture file in tests. */
  public UrandomIds(Path source) {
    this.source = source;
  }

  @Override
  public UUID get() {
    byte[] b = new byte[16];
    try (InputStream in = new FileInputStream(source.toFile())) {
      if (in.readNBytes(b, 0, 16) != 16) {
        return UUID.randomUUID();
      }
    } catch (IOException e) {
      return UUID.randomUUID();
    }
    return fromBytes(b);
  }

  /**
   * The UUID of 16 random bytes, with the version (4) and variant (IETF) bits set as RFC 4122 says.
   */
  static UUID fromBytes(byte[] b) {
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    ByteBuffer bb = ByteBuffer.wrap(b);
    return new UUID(bb.getLong(), bb.getLong());
  }
}
