package io.botasky.collector.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.collector.http.HttpError;
import io.botasky.collector.store.SampleSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Validates a {@code POST /api/v1/metrics} body. */
public final class MetricsParser {
  static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  static final Pattern METRIC = Pattern.compile("[A-Za-z_:][A-Za-z0-9_.:-]{0,127}");
  static final int MAX_SAMPLES = 100_000;
  static final int MAX_LABELS = 2048;

  /** A validated body. */
  public record Parsed(String host, String batchId, List<SampleSql.SampleRow> samples) {}

  private MetricsParser() {}

  public static Parsed parse(JsonNode root, Function<JsonNode, String> writer) {
    String host = Fields.name(root, "", "host", true, 255);
    String batchId =
        Fields.matching(
            root, "", "batch_id", BATCH_ID, "a batch id of 1 to 64 letters, digits or ._:-");
    JsonNode arr = Fields.array(root, "samples", MAX_SAMPLES);
    List<SampleSql.SampleRow> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      String p = "samples[" + i + "]";
      JsonNode s = arr.get(i);
      if (!s.isObject()) {
        throw HttpError.badRequest(p, p + ": expected an object");
      }
      String metric = Fields.matching(s, p, "metric", METRIC, "a metric name like \"cpu.usage\"");
      long ts = Fields.integer(s, p, "ts");
      if (ts <= 0) {
        throw HttpError.badRequest(
            Fields.path(p, "ts"), Fields.path(p, "ts") + ": expected epoch milliseconds");
      }
      double value = Fields.number(s, p, "value", true);
      JsonNode labels = Fields.object(s, p, "labels");
      String labelsJson = null;
      if (labels != null && labels.size() > 0) {
        for (Map.Entry<String, JsonNode> l : labels.properties()) {
          if (!l.getValue().isTextual()) {
            String f = Fields.path(p, "labels." + l.getKey());
            throw HttpError.badRequest(f, f + ": expected a string");
          }
        }
        labelsJson = writer.apply(labels);
        if (labelsJson.length() > MAX_LABELS) {
          throw HttpError.badRequest(
              Fields.path(p, "labels"),
              Fields.path(p, "labels") + ": larger than " + MAX_LABELS + " characters");
        }
      }
      out.add(new SampleSql.SampleRow(host, metric, ts, value, labelsJson));
    }
    return new Parsed(host, batchId, out);
  }
}
