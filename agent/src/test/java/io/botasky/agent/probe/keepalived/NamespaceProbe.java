package io.botasky.agent.probe.keepalived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link KeepalivedProbeDriver} JVM in a network namespace, driven one round at a time. */
final class NamespaceProbe implements AutoCloseable {
  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  private final ObjectMapper json = new ObjectMapper();

  /** What the driver printed that was not a round: the probe's log lines. */
  final List<String> logLines = new ArrayList<>();

  /**
   * One round: outcome severity ({@code ok}, {@code note}, ...) and summary by check, and
   * vips_held.
   */
  record Round(
      Map<String, String> severity,
      Map<String, String> summary,
      List<String> vipsHeld,
      String raw) {
    boolean firing(String check) {
      String s = severity.get(check);
      return s != null && !s.equals("ok");
    }

    @Override
    public String toString() {
      return raw;
    }
  }

  NamespaceProbe(String netns, String ini, Path dir) throws IOException {
    this(netns, ini, dir, List.of(), testClassPath(), List.of());
  }

  /**
   * @param runAs a command the driver JVM runs under (setpriv with another user and capabilities),
   *     after entering the namespace
   * @param classPath the driver's class path (readable by that user)
   * @param jvmOptions e.g. {@code -Ddriver.agent=true}
   */
  NamespaceProbe(
      String netns,
      String ini,
      Path dir,
      List<String> runAs,
      String classPath,
      List<String> jvmOptions)
      throws IOException {
    Path config = Files.writeString(dir.resolve(netns + ".ini"), ini);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
    cmd.addAll(runAs);
    cmd.addAll(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", classPath, KeepalivedProbeDriver.class.getName(), config.toString()));
    process = new ProcessBuilder(cmd).redirectError(dir.resolve(netns + ".err").toFile()).start();
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** The class path of this test run. */
  static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  Round round() throws IOException {
    in.write("run\n");
    in.flush();
    String line;
    while (true) {
      line = out.readLine();
      if (line == null) {
        throw new IOException(
            "probe driver exited with " + (process.isAlive() ? "?" : process.exitValue()));
      }
      if (line.startsWith("{")) {
        break;
      }
      logLines.add(line); // the probe's own log lines come before the round's JSON
    }
    JsonNode n = json.readTree(line);
    if (n.has("error")) {
      throw new IOException("probe round failed: " + n.get("error").asText());
    }
    Map<String, String> sev = new LinkedHashMap<>();
    Map<String, String> sum = new LinkedHashMap<>();
    for (JsonNode o : n.path("outcomes")) {
      sev.put(o.path("check").asText(), o.path("severity").asText());
      sum.put(o.path("check").asText(), o.path("summary").asText());
    }
    List<String> held = new ArrayList<>();
    n.path("sysinfo").path("vips_held").forEach(v -> held.add(v.asText()));
    return new Round(sev, sum, held, line);
  }

  @Override
  public void close() {
    process.destroy();
  }
}
