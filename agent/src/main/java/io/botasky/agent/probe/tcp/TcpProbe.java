package io.botasky.agent.probe.tcp;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.daemon.CarriedOutcomes;
import io.botasky.agent.probe.net.Connector;
import io.botasky.agent.probe.net.Deadline;
import io.botasky.agent.probe.net.TimedRegex;
import io.botasky.agent.probe.net.Unreachable;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code [tcp:NAME]}: connect, optionally send a request, optionally read the reply until {@code
 * expect} matches, 4 KiB arrived, the peer closed or the round's timeout passed. Checks {@code
 * unreachable}, {@code unexpected_reply}, {@code slow} (on the connect time); samples {@code
 * tcp.up} and {@code tcp.connect_ms} (docs/probes/tcp.md).
 */
public final class TcpProbe implements Probe {
  private static final String R = "tcp";

  private final String id;
  private final String instance;
  private final TcpSettings s;
  private final Duration timeout;
  private final LongSupplier nanos;
  private final CarriedOutcomes carried = new CarriedOutcomes();

  public TcpProbe(
      String id, String instance, TcpSettings settings, Duration timeout, LongSupplier nanos) {
    this.id = id;
    this.instance = instance;
    this.s = settings;
    this.timeout = timeout;
    this.nanos = nanos;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    Map<String, String> labels = Map.of("instance", instance);
    String target = s.host() + ":" + s.port();
    Deadline deadline = new Deadline(nanos, timeout);
    Connector.Connected c;
    try {
      c = Connector.connect(s.host(), s.port(), deadline);
    } catch (Unreachable e) {
      sink.sample("tcp.up", 0, labels);
      carried.partly(
          List.of(
              fail("unreachable", Severity.CRITICAL, null, null, target + ": " + e.getMessage())),
          "no connection",
          sink);
      return;
    }
    List<CheckOutcome> judged = new ArrayList<>();
    try (Socket socket = c.socket()) {
      double ms = Math.round(c.connectMillis() * 10) / 10.0;
      sink.sample("tcp.up", 1, labels);
      sink.sample("tcp.connect_ms", ms, labels);
      judged.add(CheckOutcome.ok(R, instance, "unreachable", null, "connected to " + target));
      judged.add(slow(ms));
      if (s.send() != null || s.expect() != null) {
        judged.add(exchange(socket, deadline, target));
      }
    } catch (IOException e) {
      // Closing a socket that is already broken: nothing to report.
    }
    carried.partly(judged, "", sink);
  }

  private CheckOutcome slow(double ms) {
    Severity sev = s.slow().severityOf(Duration.ofNanos((long) (ms * 1e6)));
    if (sev == null) {
      return CheckOutcome.ok(R, instance, "slow", ms, "connected in " + ms + " ms");
    }
    long limit = s.slow().limit(sev).toMillis();
    return fail(
        "slow",
        sev,
        ms,
        (double) limit,
        "connect to "
            + s.host()
            + ":"
            + s.port()
            + " took "
            + ms
            + " ms, "
            + sev.wire()
            + " at "
            + limit
            + " ms");
  }

  /** Sends the request and judges the reply; a send or read error is an unexpected reply too. */
  private CheckOutcome exchange(Socket socket, Deadline deadline, String target)
      throws ProbeException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    String failure;
    try {
      if (s.send() != null) {
        OutputStream out = socket.getOutputStream();
        out.write(s.send());
        out.flush();
      }
      if (s.expect() == null) {
        return CheckOutcome.ok(R, instance, "unexpected_reply", null, "request sent");
      }
      failure = read(deadline.guard(socket, socket.getInputStream()), got, deadline);
      if (failure == null) {
        return CheckOutcome.ok(
            R, instance, "unexpected_reply", null, "the reply matches /" + pattern() + "/");
      }
    } catch (IOException e) {
      failure = Unreachable.of(e, "exchange").getMessage();
    } catch (TimedRegex.TooSlow e) {
      throw new ProbeException("expect: " + e.getMessage());
    }
    String reply = got.toString(StandardCharsets.UTF_8);
    return fail(
        "unexpected_reply",
        Severity.CRITICAL,
        null,
        null,
        target
            + ": "
            + failure
            + "; got "
            + got.size()
            + " bytes: \""
            + SafeText.line(reply, 120)
            + "\"");
  }

  /** Reads until the regex matches (null) or says why it stopped without a match. */
  private String read(InputStream in, ByteArrayOutputStream got, Deadline deadline)
      throws IOException {
    byte[] buf = new byte[1024];
    while (got.size() < TcpSettings.REPLY_PREFIX) {
      int n;
      try {
        n = in.read(buf, 0, Math.min(buf.length, TcpSettings.REPLY_PREFIX - got.size()));
      } catch (java.net.SocketTimeoutException e) {
        return "no match for /" + pattern() + "/ within the timeout";
      }
      if (n < 0) {
        return "the peer closed the connection before /" + pattern() + "/ matched";
      }
      got.write(buf, 0, n);
      if (TimedRegex.find(s.expect(), got.toString(StandardCharsets.UTF_8), deadline)) {
        return null;
      }
    }
    return "no match for /" + pattern() + "/ in the first 4 KiB";
  }

  private String pattern() {
    return s.expect().pattern();
  }

  private CheckOutcome fail(
      String check, Severity sev, Double value, Double threshold, String summary) {
    return CheckOutcome.failing(
        R, instance, check, sev, value, threshold, SafeText.line(summary, 400));
  }
}
