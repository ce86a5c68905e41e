package io.botasky.agent.probe.http;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.agent.probe.daemon.CarriedOutcomes;
import io.botasky.agent.probe.net.Deadline;
import io.botasky.agent.probe.net.TimedRegex;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code [http:NAME]}: one GET or HEAD over HTTP/1.1 or HTTPS per round, judged by {@link
 * HttpJudge}. Samples {@code http.up} (1 when an HTTP answer arrived), {@code http.response_ms},
 * {@code http.status} and, for https, {@code http.cert_days_left} (docs/probes/http.md).
 */
public final class HttpProbe implements Probe {
  private final String id;
  private final String instance;
  private final HttpSettings s;
  private final Duration timeout;
  private final Clock clock;
  private final LongSupplier nanos;
  private final HttpFetcher fetcher;
  private final CarriedOutcomes carried = new CarriedOutcomes();

  /**
   * @param trust the CAs https answers must chain to (shared by the factory's probes)
   * @param nanos the ticker response times are measured with ({@code System::nanoTime})
   */
  HttpProbe(
      String id,
      String instance,
      HttpSettings settings,
      Duration timeout,
      Clock clock,
      LongSupplier nanos,
      Trust trust) {
    this.id = id;
    this.instance = instance;
    this.s = settings;
    this.timeout = timeout;
    this.clock = clock;
    this.nanos = nanos;
    this.fetcher = new HttpFetcher(settings, trust);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void run(ProbeSink sink) throws ProbeException {
    Map<String, String> labels = Map.of("instance", instance);
    Deadline deadline = new Deadline(nanos, timeout);
    Fetch f = fetcher.fetch(deadline);
    Boolean matches = null;
    if (f.answered() && s.expectBody() != null && s.expectStatus().contains(f.status())) {
      String text = new String(f.body(), StandardCharsets.UTF_8);
      try {
        matches = TimedRegex.find(s.expectBody(), text, deadline);
      } catch (TimedRegex.TooSlow e) {
        throw new ProbeException("expect_body: " + e.getMessage());
      }
    }
    sink.sample("http.up", f.answered() ? 1 : 0, labels);
    if (f.answered()) {
      sink.sample("http.response_ms", Math.round(f.elapsedMillis() * 10) / 10.0, labels);
      sink.sample("http.status", f.status(), labels);
    }
    if (f.leaf() != null) {
      sink.sample("http.cert_days_left", HttpJudge.daysLeft(f.leaf(), clock.instant()), labels);
    }
    List<CheckOutcome> judged = HttpJudge.judge(instance, s, f, matches, clock.instant());
    String why = f.answered() ? "status " + f.status() : "no answer";
    carried.partly(judged, why, sink);
  }
}
