package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.botasky.common.text.SafeText;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code botasky test-mail ADDRESS}: asks boird, through the ledger, to send a test mail, and waits
 * for the outcome, so the whole path (collector, database, notifier, SMTP) is proven at once.
 */
@Command(
    name = "test-mail",
    mixinStandardHelpOptions = true,
    description = "send a test mail through boird and wait for the result")
final class TestMailCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Parameters(paramLabel = "ADDRESS")
  String address;

  @Option(
      names = "--wait",
      defaultValue = "30",
      description = "seconds to wait for boird (default: ${DEFAULT-VALUE})")
  int waitSeconds;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          long id =
              api.post("/api/v1/test-mail", Map.of("to", address)).path("notification_id").asLong();
          long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
          while (System.nanoTime() < deadline) {
            JsonNode rows =
                api.get("/api/v1/notifications", Map.of("id", String.valueOf(id)))
                    .path("notifications");
            String status = rows.size() > 0 ? rows.get(0).path("status").asText() : "pending";
            if (status.equals("sent")) {
              top.out.println(
                  SafeText.line("test mail to " + address + " sent (ledger id " + id + ")"));
              top.out.flush();
              return 0;
            }
            if (status.equals("failed")) {
              top.err.println(
                  SafeText.line(
                      "botasky: test mail to "
                          + address
                          + " failed: "
                          + rows.get(0).path("last_error").asText()));
              top.err.flush();
              return 1;
            }
            try {
              Thread.sleep(250);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return 1;
            }
          }
          top.err.println(
              "botasky: test mail queued (ledger id "
                  + id
                  + ") but not sent within "
                  + waitSeconds
                  + " s: is boird running?");
          top.err.flush();
          return 1;
        });
  }
}
