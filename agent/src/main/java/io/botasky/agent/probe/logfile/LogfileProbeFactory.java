package io.botasky.agent.probe.logfile;

import io.botasky.agent.logs.LogQueue;
import io.botasky.agent.probe.OpenCheck;
import io.botasky.agent.probe.OpenCheckFactory;
import io.botasky.agent.probe.Probe;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.common.config.Section;
import io.botasky.common.wire.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes the probe of a {@code [logfile:NAME]} section (docs/probes/logfile.md): {@code path} and
 * {@code match} are required; a regex that does not compile, or a path that is a directory at load,
 * is a configuration error naming the key.
 */
public final class LogfileProbeFactory extends OpenCheckFactory {
  /** The source name is the section's NAME, so the collector's rule for it holds here too. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final LogQueue forward;

  /**
   * @param forward where lines of sections with {@code forward = true} go
   */
  public LogfileProbeFactory(LogQueue forward) {
    this.forward = forward;
  }

  @Override
  public String sectionType() {
    return "logfile";
  }

  @Override
  protected Probe create(Section s, ProbeEnv env, OpenCheck common) {
    String name = s.instance();
    if (name == null || !NAME.matcher(name).matches()) {
      s.error(null, "needs a name of 1 to 64 letters, digits or . _ -: [logfile:NAME]");
      name = "logfile";
    }
    Path path = s.path("path", "");
    if (path == null) {
      s.required("path");
    } else if (!path.isAbsolute()) {
      s.error("path", "must be an absolute path, got \"" + path + "\"");
    } else if (Files.isDirectory(path)) {
      s.error("path", path + " is a directory; name the log file itself");
    } else if (Files.exists(path) && !Files.isRegularFile(path)) {
      s.error("path", path + " is not a regular file (a FIFO or a device)");
    }
    Pattern match = regex(s, "match", true);
    Pattern ignore = regex(s, "ignore", false);
    String sev = s.oneOf("severity", "warning", "info", "note", "warning", "critical");
    Severity severity = Severity.parse(sev).orElse(Severity.WARNING);
    Duration quiet = s.duration("quiet", Duration.ofMinutes(10));
    if (quiet.isZero() || quiet.isNegative()) {
      s.error("quiet", "must be positive");
      quiet = Duration.ofMinutes(10);
    }
    boolean fwd = s.bool("forward", false);
    return new LogfileProbe(
        s.name(),
        name,
        path == null ? Path.of("/") : path,
        new MatchState(name, match, ignore, severity, quiet),
        fwd ? forward : null,
        io.botasky.common.wire.LogLine.levelOf(severity),
        env.clock());
  }

  private static Pattern regex(Section s, String key, boolean required) {
    String v = required ? s.required(key) : s.string(key, "");
    if (v == null || v.isEmpty()) {
      return required ? Pattern.compile("(?!)") : null;
    }
    try {
      return Pattern.compile(v);
    } catch (PatternSyntaxException e) {
      s.error(key, "not a valid regular expression: " + e.getDescription());
      return Pattern.compile("(?!)");
    }
  }
}
