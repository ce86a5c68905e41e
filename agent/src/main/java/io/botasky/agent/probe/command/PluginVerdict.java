package io.botasky.agent.probe.command;

import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.exec.CommandResult;
import io.botasky.common.wire.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one run of a Monitoring Plugin into the {@code command/NAME/status} and {@code
 * command/NAME/unknown} outcomes and the {@code command.<label>} samples, as docs/probes/command.md
 * says. Pure: everything it decides goes to the sink, and the status it reported is handed back so
 * the next round can repeat it while the plugin's state is unknown.
 */
final class PluginVerdict {
  static final String RESOURCE = "command";

  /** The metric prefix; with the label at most 128 characters, the collector's limit. */
  static final String PREFIX = "command.";

  static final int MAX_METRIC = 128;

  /** An error message or a stderr line quoted in a summary. */
  private static final int MAX_REASON = 300;

  private PluginVerdict() {}

  /**
   * Judges a plugin that exited or was killed at its deadline.
   *
   * @param last the status reported by the previous round that knew it, or null
   * @return the status now known: this round's, or {@code last} when the plugin's state is unknown
   */
  static CheckOutcome judge(
      String instance, CommandResult r, Duration timeout, CheckOutcome last, ProbeSink sink) {
    if (r.timedOut()) {
      String ms = timeout.toMillis() % 1000 == 0 ? "" : " (" + timeout.toMillis() + " ms)";
      return unknown(
          instance,
          null,
          "timed out after "
              + Math.max(1, timeout.toSeconds())
              + " s"
              + ms
              + ", killed with every process it started",
          Map.of("timed_out", true),
          last,
          sink);
    }
    int code = r.exitCode();
    PluginOutput out = PluginOutput.parse(r.stdout());
    Perfdata.Parsed perf = out.perfdata();
    for (Perfdata p : perf.items()) {
      sink.sample(metric(p.label()), p.value(), labels(instance, p));
    }
    sink.sample(
        "probe.perfdata_skipped", perf.malformed(), Map.of("probe", RESOURCE + ":" + instance));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("exit_code", code);
    details.put("perfdata_items", perf.items().size());
    details.put("perfdata_skipped", perf.malformed());
    if (perf.firstProblem() != null) {
      details.put("perfdata_problem", PluginOutput.clean(perf.firstProblem(), MAX_REASON));
    }
    if (r.truncated()) {
      details.put("output_truncated", true);
    }
    String text = out.summary();
    if (code < 0 || code > 2) {
      String said = text.isEmpty() ? stderrLine(r) : text;
      String why =
          (code == 3 ? "UNKNOWN (exit 3)" : "exit " + code + " (not a plugin state" + signal(code))
              + (said.isEmpty() ? ", no output" : ": " + said);
      return unknown(instance, (double) code, why, details, last, sink);
    }
    sink.outcome(
        new CheckOutcome(
            RESOURCE, instance, "unknown", null, (double) code, null, "exit " + code, details));
    String summary = text.isEmpty() ? "exit " + code + ", no output" : text;
    Severity severity = code == 0 ? null : code == 1 ? Severity.WARNING : Severity.CRITICAL;
    CheckOutcome status =
        new CheckOutcome(
            RESOURCE, instance, "status", severity, (double) code, null, summary, details);
    sink.outcome(status);
    return status;
  }

  /** Judges a plugin that could not be started at all ({@code reason}: the IOException's text). */
  static CheckOutcome cannotStart(
      String instance, String reason, CheckOutcome last, ProbeSink sink) {
    return unknown(
        instance,
        null,
        "cannot start: " + PluginOutput.clean(reason == null ? "" : reason, MAX_REASON),
        Map.of("cannot_start", true),
        last,
        sink);
  }

  private static CheckOutcome unknown(
      String instance,
      Double value,
      String summary,
      Map<String, Object> details,
      CheckOutcome last,
      ProbeSink sink) {
    sink.outcome(
        new CheckOutcome(
            RESOURCE, instance, "unknown", Severity.WARNING, value, null, summary, details));
    // The plugin told nothing about the service: status neither fires nor resolves on that.
    if (last != null) {
      sink.outcome(last);
    }
    return last;
  }

  private static String signal(int code) {
    return code > 128 && code < 128 + 65 ? "; 128+" + (code - 128) + ": a signal)" : ")";
  }

  private static String stderrLine(CommandResult r) {
    String err = r.stderr() == null ? "" : r.stderr().strip();
    int nl = err.indexOf('\n');
    return PluginOutput.clean(nl < 0 ? err : err.substring(0, nl), MAX_REASON);
  }

  /**
   * {@code command.<label>}: characters the collector does not accept in a metric name become
   * {@code _}; a label too long for 128 characters is cut and ends in a hash of the whole, so two
   * long labels stay apart.
   */
  static String metric(String label) {
    StringBuilder b = new StringBuilder(label.length());
    label
        .codePoints()
        .forEach(
            c ->
                b.append(
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '_'
                            || c == '.'
                            || c == ':'
                            || c == '-'
                        ? (char) c
                        : '_'));
    int room = MAX_METRIC - PREFIX.length();
    if (b.length() > room) {
      String hash = String.format("_%08x", label.hashCode());
      b.setLength(room - hash.length());
      b.append(hash);
    }
    return PREFIX + b;
  }

  private static Map<String, String> labels(String instance, Perfdata p) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("instance", instance);
    if (!p.unit().isEmpty()) {
      l.put("unit", p.unit());
    }
    if (!metric(p.label()).equals(PREFIX + p.label())) {
      l.put("label", PluginOutput.clean(p.label(), 200));
    }
    return l;
  }
}
