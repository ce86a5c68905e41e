package io.botasky.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 pieces the agent's two clients share, the collector transport ({@link
 * HttpTransport}) and the {@code [http:NAME]} probe: the request head, the TLS handshake over a
 * connected socket, and a bounded reader of the answer (1xx skipped, Content-Length, chunked or
 * read-to-the-end). Everything read is hostile: lines, header count and the kept body are bounded.
 */
public final class HttpWire {
  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEADERS = 100;

  private HttpWire() {}

  /**
   * What the server answered; header names in lower case, the first value of each; {@code body}
   * holds at most the bytes asked for, and {@code truncated} says whether more were sent.
   */
  public record Answer(int status, Map<String, String> headers, byte[] body, boolean truncated) {}

  /**
   * The request line and headers of a one-request connection ({@code Connection: close}); {@code
   * contentLength} negative means no body and no Content-Length header.
   */
  public static byte[] requestHead(
      String method, URI uri, Map<String, String> headers, long contentLength) {
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    StringBuilder b = new StringBuilder(256);
    b.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(uri.getHost());
    if (uri.getPort() >= 0) {
      b.append(':').append(uri.getPort());
    }
    b.append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (contentLength >= 0) {
      b.append("Content-Length: ").append(contentLength).append("\r\n");
    }
    b.append("Connection: close\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The host of {@code uri} without the brackets of an IPv6 literal. */
  public static String bareHost(URI uri) {
    String host = uri.getHost();
    return host != null && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
  }

  /**
   * Starts TLS over the connected {@code plain} socket, with SNI for {@code host}. With {@code
   * checkName} the certificate must name {@code host}, as browsers and the JDK HttpClient require.
   */
  public static SSLSocket handshake(
      SSLSocketFactory factory, Socket plain, String host, int port, boolean checkName)
      throws IOException {
    SSLSocket ssl = (SSLSocket) factory.createSocket(plain, host, port, true);
    if (checkName) {
      SSLParameters p = ssl.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(p);
    }
    ssl.startHandshake();
    return ssl;
  }

  /**
   * Reads one answer. {@code noBody} for the answer to a HEAD (its Content-Length describes a body
   * that is not sent). Keeps at most {@code maxBody} bytes of the body; with {@code toTheEnd} the
   * rest is read and dropped (the connection stays in step), without it reading stops there.
   */
  public static Answer read(InputStream in, boolean noBody, int maxBody, boolean toTheEnd)
      throws IOException {
    while (true) {
      int status = status(line(in));
      Map<String, String> headers = headers(in);
      // 1xx answers are interim: the real one follows.
      if (status >= 200) {
        if (noBody || status == 204 || status == 304) {
          return new Answer(status, headers, new byte[0], false);
        }
        Body b = new Body(maxBody, toTheEnd);
        body(in, headers, b);
        return new Answer(status, headers, b.out.toByteArray(), b.truncated);
      }
    }
  }

  private static int status(String line) throws IOException {
    // "HTTP/1.1 200 OK"; the reason phrase may be empty or missing.
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new IOException("not an HTTP/1.x status line: " + line);
    }
    try {
      return Integer.parseInt(line.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP/1.x status line: " + line, e);
    }
  }

  private static Map<String, String> headers(InputStream in) throws IOException {
    Map<String, String> h = new HashMap<>();
    for (int n = 0; ; n++) {
      String line = line(in);
      if (line.isEmpty()) {
        return h;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || n >= MAX_HEADERS) {
        throw new IOException("malformed HTTP header: " + line);
      }
      h.putIfAbsent(
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
  }

  /** The kept prefix of a body and whether reading may stop once it is full. */
  private static final class Body {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final int max;
    final boolean toTheEnd;
    boolean truncated;

    Body(int max, boolean toTheEnd) {
      this.max = max;
      this.toTheEnd = toTheEnd;
    }

    boolean full() {
      return !toTheEnd && truncated;
    }
  }

  private static void body(InputStream in, Map<String, String> headers, Body b) throws IOException {
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      long size;
      while (!b.full() && (size = chunkSize(line(in))) > 0) {
        copy(in, b, size);
        if (!b.full()) {
          line(in);
        }
      }
    } else if (cl != null) {
      try {
        copy(in, b, Long.parseLong(cl));
      } catch (NumberFormatException e) {
        throw new IOException("malformed Content-Length: " + cl, e);
      }
    } else {
      copy(in, b, Long.MAX_VALUE);
    }
  }

  private static long chunkSize(String line) throws IOException {
    int semi = line.indexOf(';');
    try {
      return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).strip(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunk size: " + line, e);
    }
  }

  // Reads up to n bytes (to the end for Long.MAX_VALUE); keeps what fits under the bound, and stops
  // once it is full unless the whole body must be read.
  private static void copy(InputStream in, Body to, long n) throws IOException {
    byte[] buf = new byte[4096];
    long left = n;
    while (left > 0 && !to.full()) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        if (n == Long.MAX_VALUE) {
          return;
        }
        throw new IOException("connection closed " + left + " bytes before the end of the answer");
      }
      int keep = Math.min(r, to.max - to.out.size());
      to.out.write(buf, 0, keep);
      to.truncated |= keep < r;
      left -= r;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed in the middle of the answer");
      }
      if (b.length() >= MAX_LINE) {
        throw new IOException("HTTP header line longer than " + MAX_LINE + " bytes");
      }
      b.append((char) c);
    }
    int end = b.length();
    return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
  }
}
