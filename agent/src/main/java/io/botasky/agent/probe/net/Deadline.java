package io.botasky.agent.probe.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time one round of a network check may take, all steps together (DNS, connect, TLS, request,
 * answer): the section's {@code timeout} (docs/config-reference.md, "Open checks"). Also measures
 * how long the round has taken so far. The ticker is injected ({@code System::nanoTime} in
 * production).
 */
public final class Deadline {
  private final LongSupplier nanos;
  private final long start;
  private final long end;

  public Deadline(LongSupplier nanos, Duration budget) {
    this.nanos = nanos;
    this.start = nanos.getAsLong();
    this.end = start + budget.toNanos();
  }

  /** Milliseconds since the round started. */
  public double elapsedMillis() {
    return (nanos.getAsLong() - start) / 1e6;
  }

  /** Milliseconds left, at least 1 (a socket timeout of 0 would mean "forever"). */
  public int remainingMillis() throws SocketTimeoutException {
    long left = (end - nanos.getAsLong()) / 1_000_000L;
    if (left <= 0) {
      throw new SocketTimeoutException("round timeout reached");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  /** Whether the round's time is used up. */
  public boolean passed() {
    return nanos.getAsLong() - end >= 0;
  }

  /**
   * {@code in} with the socket's read timeout set to the time left before each read, so that a
   * server trickling one byte at a time cannot stretch the round past its deadline.
   */
  public InputStream guard(Socket socket, InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        socket.setSoTimeout(remainingMillis());
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        socket.setSoTimeout(remainingMillis());
        return super.read(b, off, len);
      }
    };
  }
}
