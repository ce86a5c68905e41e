package io.botasky.collector.auth;

import io.botasky.common.config.ConfFile;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Entry;
import io.botasky.common.config.Section;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code agent_tokens} file: {@code host=token} lines; each token may report only for its host.
 */
public final class AgentTokens {
  private AgentTokens() {}

  /** Reads the file; returns token → host. Problems go to {@code report} with file and line. */
  public static Map<String, String> read(Path file, ConfigReport report) throws ConfigException {
    return fromSection(ConfFile.read(file, report), report);
  }

  public static Map<String, String> parse(String file, String text, ConfigReport report) {
    return fromSection(ConfFile.parse(file, text, report), report);
  }

  private static Map<String, String> fromSection(Section s, ConfigReport report) {
    Map<String, String> byToken = new HashMap<>();
    for (Entry e : s.entries()) {
      String token = e.value();
      if (token.length() < 16) {
        report.error(e.source(), null, e.key(), "token must be at least 16 characters");
        continue;
      }
      String other = byToken.putIfAbsent(token, e.key());
      if (other != null) {
        report.error(
            e.source(),
            null,
            e.key(),
            "same token as host \"" + other + "\": each host needs its own");
      }
    }
    return byToken;
  }
}
