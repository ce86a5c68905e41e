package io.botasky.collector;

import io.botasky.collector.auth.AgentTokens;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.config.Problem;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * pihealthd's configuration read whole: the file, its {@code agent_tokens} file and the TLS
 * material, checked together. The same read serves the start and every reload (docs/operations.md,
 * "Reload"), so a reload refuses exactly what a start would.
 *
 * @param tokens agent token → host
 * @param ssl null without TLS
 * @param warnings problems that ignore a setting without refusing the file
 */
public record CollectorConfig(
    PihealthdSettings conf, Map<String, String> tokens, SslContext ssl, List<Problem> warnings) {

  /** Reads everything; every error of every file in the exception, with file and line. */
  public static CollectorConfig read(Path file, String hostName) throws ConfigException {
    ConfigReport report = new ConfigReport();
    PihealthdSettings conf = PihealthdSettings.read(file, hostName, report);
    Map<String, String> tokens = Map.of();
    SslContext ssl = null;
    if (conf.agentTokens() != null) {
      try {
        tokens = AgentTokens.read(conf.agentTokens(), report);
      } catch (ConfigException e) {
        conf.error("agent_tokens", e.problems().get(0).message() + ": " + conf.agentTokens());
      }
    }
    conf.checkTokens(tokens);
    if (conf.tls()) {
      try {
        ssl = SslContextBuilder.forServer(conf.tlsCert().toFile(), conf.tlsKey().toFile()).build();
      } catch (Exception e) {
        conf.error(
            "tls_cert", "cannot load the certificate and key (PEM, PKCS#8 key): " + e.getMessage());
      }
    }
    report.throwIfErrors();
    return new CollectorConfig(conf, tokens, ssl, List.copyOf(report.warnings()));
  }
}
