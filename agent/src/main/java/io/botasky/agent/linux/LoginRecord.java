package io.botasky.agent.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One glibc {@code struct utmp} record of {@code utmp} (who is logged in) or {@code wtmp} (login
 * history). Parsed directly rather than through {@code who}/{@code last}: no process per probe
 * round, and no dependency on util-linux's output format. The record is 384 bytes on every glibc
 * Linux target we run on (x86_64, armhf, arm64: the time fields stay 32-bit for compatibility),
 * little-endian.
 */
public record LoginRecord(int type, int pid, String line, String user, String host, Instant time) {
  public static final int SIZE = 384;

  /** A user session: the only type that names a logged-in person. */
  public static final int USER_PROCESS = 7;

  /** Session ended (wtmp logout; utmp slot freed). */
  public static final int DEAD_PROCESS = 8;

  /** Parses whole records; a trailing partial record (a file being written) is ignored. */
  public static List<LoginRecord> parse(byte[] data) {
    List<LoginRecord> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    for (int off = 0; off + SIZE <= data.length; off += SIZE) {
      int type = b.getShort(off);
      if (type < 0 || type > 9) {
        throw new IllegalArgumentException("record " + off / SIZE + ": unknown ut_type " + type);
      }
      int pid = b.getInt(off + 4);
      String line = cString(data, off + 8, 32);
      String user = cString(data, off + 44, 32);
      String host = cString(data, off + 76, 256);
      long sec = Integer.toUnsignedLong(b.getInt(off + 340));
      long usec = Integer.toUnsignedLong(b.getInt(off + 344));
      out.add(
          new LoginRecord(
              type,
              pid,
              line,
              user,
              host,
              Instant.ofEpochSecond(sec, Math.min(usec, 999_999) * 1000)));
    }
    return out;
  }

  /** Builds the 384 bytes of a record; used to write fixtures and by tests. */
  public static byte[] encode(LoginRecord r) {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(0, (short) r.type);
    b.putInt(4, r.pid);
    put(b, 8, 32, r.line);
    put(b, 44, 32, r.user);
    put(b, 76, 256, r.host);
    b.putInt(340, (int) r.time.getEpochSecond());
    b.putInt(344, r.time.getNano() / 1000);
    return b.array();
  }

  private static void put(ByteBuffer b, int off, int len, String s) {
    byte[] v = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < Math.min(len, v.length); i++) {
      b.put(off + i, v[i]);
    }
  }

  private static String cString(byte[] d, int off, int max) {
    int end = off;
    while (end < off + max && d[end] != 0) {
      end++;
    }
    return new String(d, off, end - off, StandardCharsets.UTF_8);
  }
}
