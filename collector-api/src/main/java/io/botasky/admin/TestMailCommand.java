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
 * {@code botasky test-mail ADDRESS}: asks the collector to have boird send a test mail, and waits
 * for the outcome, so the whole path (collector, database, notifier, SMTP) is proven at once. The
 * request's status comes from {@code GET /api/v1/test-mail/{id}} (docs/api.md).
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
              api.post("/api/v1/test-mail", Map.of("to", address)).path("test_mail_id").asLong();
          long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
          JsonNode mail = null;
          while (System.nanoTime() < deadline) {
            mail = api.get("/api/v1/test-mail/" + id, Map.of()).path("test_mail");
            switch (mail.path("status").asText()) {
              case "sent" -> {
                top.out.println(
                    SafeText.line(
                        "test mail to "
                            + address
                            + " sent (test mail "
                            + id
                            + ", ledger id "
                            + mail.path("notification_id").asLong()
                            + ")"));
                top.out.flush();
                return 0;
              }
              case "failed" -> {
                return fail("failed: " + mail.path("last_error").asText());
              }
              case "expired" -> {
                return fail("expired: no boird took it in time (test mail " + id + ")");
              }
              default -> {}
            }
            try {
              Thread.sleep(250);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return 1;
            }
          }
          boolean taken = mail != null && !mail.path("notification_id").isNull();
          return fail(
              (taken ? "taken by boird" : "requested")
                  + " (test mail "
                  + id
                  + ") but not sent within "
                  + waitSeconds
                  + " s"
                  + (taken ? "; boird keeps retrying" : ": is boird running?"));
        });
  }

  private int fail(String what) {
    top.err.println(SafeText.line("botasky: test mail to " + address + " " + what));
    top.err.flush();
    return 1;
  }
}
