package io.botasky.collector.api;

import io.botasky.collector.http.Handler;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.collector.http.Response;
import io.botasky.collector.store.SampleQueries;
import io.botasky.common.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/samples?host=H&metrics=a,b&since=1h&points=60}: a host's recent samples,
 * averaged into at most {@code points} buckets per series — what the status page draws its
 * sparklines from.
 */
public final class SamplesRoute implements Handler.SyncHandler {
  private final ApiContext ctx;
  private final SampleQueries samples;

  public SamplesRoute(ApiContext ctx, SampleQueries samples) {
    this.ctx = ctx;
    this.samples = samples;
  }

  @Override
  public Response handle(Request r) throws Exception {
    ctx.access().requireRead(r);
    String host =
        r.queryParam("host")
            .filter(h -> !h.isEmpty())
            .orElseThrow(() -> HttpError.badRequest("host", "host is required"));
    List<String> metrics =
        Arrays.stream(r.queryParam("metrics").orElse("").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    if (metrics.isEmpty()
        || metrics.size() > 20
        || metrics.stream().anyMatch(m -> !MetricsParser.METRIC.matcher(m).matches())) {
      throw HttpError.badRequest(
          "metrics", "metrics: expected 1 to 20 metric names separated by commas");
    }
    Duration since;
    try {
      since = Durations.parse(r.queryParam("since").orElse("1h"));
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("since", "since: " + e.getMessage());
    }
    if (since.isZero() || since.compareTo(Duration.ofDays(14)) > 0) {
      throw HttpError.badRequest("since", "since: expected more than 0 and at most 14d");
    }
    int points = Queries.intParam(r, "points", 60, 1000);
    long now = ctx.clock().millis();
    long bucket = Math.max(1000, since.toMillis() / points);
    List<Map<String, Object>> out = new ArrayList<>();
    for (SampleQueries.Series s : samples.series(host, metrics, now - since.toMillis(), bucket)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("metric", s.metric());
      m.put(
          "labels",
          s.labelsJson() == null ? Map.of() : ctx.json().mapper().readTree(s.labelsJson()));
      List<Object> pts = new ArrayList<>(s.points().size());
      s.points().forEach(p -> pts.add(List.of((long) p[0], p[1])));
      m.put("points", pts);
      out.add(m);
    }
    return ctx.ok(Map.of("host", host, "series", out));
  }
}
