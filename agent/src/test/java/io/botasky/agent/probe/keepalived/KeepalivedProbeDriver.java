package io.botasky.agent.probe.keepalived;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.agent.probe.CheckOutcome;
import io.botasky.agent.probe.ProbeEnv;
import io.botasky.agent.testkit.CollectingSink;
import io.botasky.agent.testkit.TestEnv;
import io.botasky.common.exec.Capabilities;
import io.botasky.common.exec.CommandRunner;
import io.botasky.common.exec.ProcessCommandRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a keepalived probe inside a network namespace for {@link KeepalivedFaultsTest}: VIP presence
 * (NetworkInterface) and "the keepalived of this namespace" are only true from inside it. Started
 * as {@code ip netns exec NS java -cp ... KeepalivedProbeDriver CONFIG.ini}; each {@code run} line
 * on stdin runs one round and prints one JSON line with the outcomes and {@code vips_held}. With
 * {@code -Ddriver.agent=true} it wires commands and capabilities as {@code boagent} does.
 */
public final class KeepalivedProbeDriver {
  private KeepalivedProbeDriver() {}

  /**
   * The environment as Boagent.main builds it: its own capabilities, children started without them.
   */
  private static ProbeEnv asAgent() throws IOException {
    Capabilities own = Capabilities.read(Path.of("/proc/self/status"));
    CommandRunner commands =
        ProcessCommandRunner.stripping(
            1 << 20, own, ProcessCommandRunner.SETPRIV, System.getenv("PATH"));
    ProbeEnv e = TestEnv.with(commands);
    return new ProbeEnv(
        e.clock(), e.procRoot(), e.sysRoot(), e.etcRoot(), e.runRoot(), e.logRoot(), commands, own);
  }

  public static void main(String[] args) throws Exception {
    // The probe's log lines (stderr, the log backend's default) travel on stdout before each
    // round's JSON: NamespaceProbe reads them there.
    System.setErr(System.out);
    String ini = Files.readString(Path.of(args[0]));
    ProbeEnv env = Boolean.getBoolean("driver.agent") ? asAgent() : TestEnv.real();
    KeepalivedProbe probe =
        (KeepalivedProbe) new KeepalivedProbeFactory().create(TestEnv.section(ini), env);
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.strip().equals("run")) {
        continue;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      try {
        CollectingSink sink = CollectingSink.round(probe);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (CheckOutcome o : sink.all()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("check", o.check());
          m.put("instance", o.instance());
          m.put("severity", o.ok() ? "ok" : o.severity().wire());
          m.put("summary", o.summary());
          outcomes.add(m);
        }
        result.put("outcomes", outcomes);
        Map<String, Object> sysinfo = new LinkedHashMap<>();
        probe.contribute(sysinfo);
        result.put("sysinfo", sysinfo);
      } catch (Throwable t) {
        result.put("error", String.valueOf(t));
      }
      out.println(json.writeValueAsString(result));
    }
  }
}
