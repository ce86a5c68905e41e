package io.botasky.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.cli.ConfigErrors;
import io.botasky.common.cli.ExitCodes;
import io.botasky.common.cli.VersionProvider;
import io.botasky.common.conf.CollectorAddress;
import io.botasky.common.conf.PihealthdSettings;
import io.botasky.common.config.ConfigException;
import io.botasky.common.config.ConfigReport;
import io.botasky.common.text.SafeJsonEscapes;
import io.botasky.common.text.SafeText;
import io.botasky.common.wire.Json;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code botasky}: the admin CLI, a client of the collector's API. */
@Command(
    name = "botasky",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Botasky admin CLI: alerts, acks, silences, maintenance windows, hosts, services, actions,"
            + " test mail and status, through the collector's API.",
    subcommands = {
      AlertsCommand.class,
      AckCommand.class,
      AckLinksCommand.class,
      SilenceCommand.class,
      SilencesCommand.class,
      UnsilenceCommand.class,
      MaintenanceCommand.class,
      HostsCommand.class,
      NotificationsCommand.class,
      TestMailCommand.class,
      StatusCommand.class,
      ServicesCommand.class,
      TreeCommand.class,
      ActionCommand.class,
      ActionsCommand.class
    })
public final class BotaskyCommand implements Runnable {
  /** The collector could not be reached (sysexits EX_UNAVAILABLE). */
  public static final int UNAVAILABLE = 69;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "pihealthd.conf to read the port and admin token from (default: ${DEFAULT-VALUE})")
  Path config = PihealthdSettings.DEFAULT_FILE;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "collector URL (default: http://127.0.0.1:<client_port>)")
  String url;

  @Option(names = "--json", description = "print the API's JSON instead of a table")
  boolean json;

  final PrintWriter out;
  final PrintWriter err;
  private final String hostName;
  private final Function<SSLContext, HttpClient> httpClients;

  /** {@code action_expiry} of the config read by the last {@link #call} (5m without one). */
  Duration actionExpiry = Duration.ofMinutes(5);

  /** Whether output may carry ANSI colours: stdout is a terminal and NO_COLOR is not set. */
  final boolean color;

  public BotaskyCommand(PrintWriter out, PrintWriter err, String hostName) {
    this(out, err, hostName, false);
  }

  public BotaskyCommand(PrintWriter out, PrintWriter err, String hostName, boolean color) {
    this(out, err, hostName, color, ApiClient::http);
  }

  /**
   * @param httpClients makes the HTTP client for the TLS context of the config (null: plain); tests
   *     running many commands in one JVM hand out one shared client
   */
  public BotaskyCommand(
      PrintWriter out,
      PrintWriter err,
      String hostName,
      boolean color,
      Function<SSLContext, HttpClient> httpClients) {
    this.out = out;
    this.err = err;
    this.hostName = hostName;
    this.color = color;
    this.httpClients = httpClients;
  }

  @Override
  public void run() {
    out.println("botasky: give a command; see botasky --help");
    out.flush();
  }

  /**
   * Runs {@code call} against the API, mapping failures to exit codes: 78 config, 69 unreachable, 1
   * refused.
   */
  int call(ApiCall call) {
    ApiClient client;
    try {
      client = client();
    } catch (ConfigException e) {
      return ConfigErrors.report("botasky", e, err);
    }
    try {
      return call.run(client);
    } catch (ApiClient.ApiException e) {
      err.println("botasky: " + SafeText.line(e.getMessage()));
      err.flush();
      return e.status() == 0 ? UNAVAILABLE : ExitCodes.ALERT;
    }
  }

  /** One API interaction of a subcommand. */
  @FunctionalInterface
  interface ApiCall {
    int run(ApiClient api) throws ApiClient.ApiException;
  }

  /**
   * The API's JSON, pretty-printed. Still valid JSON, with DEL, C1, bidi and line-separator
   * characters written as escapes too ({@link SafeJsonEscapes}), so that it is safe on a terminal.
   */
  void printJson(JsonNode node) {
    try {
      out.println(
          Json.mapper()
              .writer()
              .with(new SafeJsonEscapes())
              .withDefaultPrettyPrinter()
              .writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print a JSON tree", e);
    }
    out.flush();
  }

  private ApiClient client() throws ConfigException {
    if (!Files.exists(config) && url != null) {
      return new ApiClient(url, null, httpClients.apply(null));
    }
    PihealthdSettings conf = PihealthdSettings.read(config, hostName, new ConfigReport());
    actionExpiry = conf.actionExpiry();
    CollectorAddress at = CollectorAddress.local(conf, url);
    SSLContext ssl;
    try {
      ssl = at.sslContext();
    } catch (Exception e) {
      throw ConfigException.of(
          config.toString(), "tls_cert: cannot read " + conf.tlsCert() + ": " + e.getMessage());
    }
    return new ApiClient(at.baseUrl(), at.adminToken(), httpClients.apply(ssl));
  }
}
