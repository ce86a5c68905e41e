package io.botasky.agent.probe.system;

import io.botasky.agent.linux.CpuStat;
import io.botasky.agent.linux.LoadAvg;
import io.botasky.agent.linux.Throttled;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeException;
import io.botasky.agent.probe.ProbeSink;
import io.botasky.common.wire.Severity;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Load, usage over a short window from two readings of /proc/stat (read from the file; no command
 * is run, docs/probes/system.md), temperature, and on a Raspberry Pi the firmware's throttling
 * bits.
 */
public final class CpuProbe implements Probe {
  private final SystemSources src;
  private final SystemSettings cfg;

  public CpuProbe(SystemSources src, SystemSettings cfg) {
    this.src = src;
    this.cfg = cfg;
  }

  @Override
  public String id() {
    return "system/cpu";
  }

  /** Reads everything once; takes {@code cpu_sample} (0.5 s) for the usage window. */
  public CpuReport measure() throws IOException, InterruptedException {
    LoadAvg load = src.proc().loadAvg();
    CpuStat before = src.proc().cpuStat();
    src.sleeper().sleep(cfg.cpuSample());
    CpuStat after = src.proc().cpuStat();
    List<Unreadable> unreadable = new ArrayList<>();
    Optional<Double> temp = Optional.empty();
    Optional<Throttled> thr = Optional.empty();
    // A sensor the agent may not read costs the temperature, not the load and usage beside it.
    try {
      temp = src.sys().cpuTemperature();
    } catch (AccessDeniedException e) {
      unreadable.add(new Unreadable("cpu_temp", ProbeException.describe(e)));
    }
    try {
      thr = src.sys().throttled();
    } catch (AccessDeniedException e) {
      unreadable.add(new Unreadable("cpu_throttled", ProbeException.describe(e)));
    }
    String level = temp.map(t -> cfg.cpuTemp().word(t)).orElse("normal");
    return new CpuReport(
        src.clock().instant(),
        load,
        after.usagePercentSince(before),
        after.cpus(),
        temp,
        thr,
        level,
        List.copyOf(unreadable));
  }

  @Override
  public void run(ProbeSink sink) throws ProbeException {
    CpuReport r;
    try {
      r = measure();
    } catch (IOException e) {
      throw ProbeException.reading("cpu", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException("cpu: interrupted", e);
    }
    emit(r, sink);
  }

  void emit(CpuReport r, ProbeSink sink) {
    Map<String, String> none = Map.of();
    sink.sample("cpu.load1", r.load().load1(), none);
    sink.sample("cpu.load5", r.load().load5(), none);
    sink.sample("cpu.load15", r.load().load15(), none);
    sink.sample("cpu.usage", round1(r.usage()), none);
    sink.outcome(threshold("cpu_usage", round1(r.usage()), cfg.cpuUsage(), "%", "CPU usage"));
    double perCore = r.load().load1() / r.cpus();
    sink.outcome(
        threshold(
            "cpu_load",
            Math.round(perCore * 100) / 100.0,
            cfg.cpuLoad(),
            "",
            "load per core (load1 " + r.load().load1() + " on " + r.cpus() + " cores)"));
    r.temperature()
        .ifPresent(
            t -> {
              sink.sample("cpu.temp_celsius", round1(t), none);
              sink.outcome(
                  threshold("cpu_temp", round1(t), cfg.cpuTemp(), " °C", "CPU temperature"));
            });
    for (Unreadable u : r.unreadable()) {
      sink.outcome(
          new CheckOutcome(
              "system",
              null,
              u.what(),
              Severity.INFO,
              null,
              null,
              "cannot read the CPU sensor: " + u.reason(),
              Map.of("error", u.reason())));
    }
    r.throttled()
        .ifPresent(
            th -> {
              sink.sample("cpu.throttled_bits", th.bits(), none);
              String hex = "0x" + Integer.toHexString(th.bits());
              sink.outcome(
                  th.troubleNow()
                      ? new CheckOutcome(
                          "system",
                          null,
                          "cpu_throttled",
                          th.underVoltageNow() ? Severity.CRITICAL : Severity.WARNING,
                          (double) th.bits(),
                          null,
                          "Raspberry Pi firmware reports "
                              + String.join(", ", th.nowWords())
                              + " ("
                              + hex
                              + ")",
                          Map.of("get_throttled", hex))
                      : CheckOutcome.ok(
                          "system",
                          null,
                          "cpu_throttled",
                          (double) th.bits(),
                          "not throttled (" + hex + ")"));
            });
  }

  static CheckOutcome threshold(
      String check, double value, io.botasky.agent.probe.Levels levels, String unit, String what) {
    Severity s = levels.severityOf(value);
    String v = oneDecimal(value) + unit;
    if (s == null) {
      return CheckOutcome.ok("system", null, check, value, what + " " + v);
    }
    Double t = levels.threshold(s);
    return new CheckOutcome(
        "system",
        null,
        check,
        s,
        value,
        t,
        what
            + " "
            + v
            + ", "
            + s.wire()
            + " threshold "
            + (t == null ? "null" : oneDecimal(t))
            + unit,
        Map.of());
  }

  /**
   * {@code String.format(Locale.ROOT, "%.1f", d)}, the same text, without a Formatter: the CPU,
   * memory and disk rounds format every reading this way, and a Formatter builds its locale's
   * DecimalFormatSymbols on each call, the largest share of the 5 s rounds' own CPU time
   * (docs/agent.md, "Footprint"). Like the Formatter, it rounds the shortest decimal form of {@code
   * d} half up.
   */
  static String oneDecimal(double d) {
    if (!Double.isFinite(d)) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    String s = Double.toString(Math.abs(d));
    int dot = s.indexOf('.');
    if (dot < 0 || s.indexOf('E') >= 0 || s.length() - dot != 2) {
      s = new BigDecimal(s).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
    // The Formatter keeps the sign of a negative value that rounds to zero, and of -0.0.
    return d < 0 || (d == 0 && 1 / d < 0) ? "-" + s : s;
  }

  static double round1(double d) {
    return Math.round(d * 10) / 10.0;
  }
}
