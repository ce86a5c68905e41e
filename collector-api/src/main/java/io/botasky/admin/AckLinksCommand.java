package io.botasky.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code botasky ack-links rotate} (docs/reference.md; docs/notifier.md, "One-click ack"). */
@Command(
    name = "ack-links",
    mixinStandardHelpOptions = true,
    description = "the key that signs the one-click ack links of FIRING mails",
    subcommands = AckLinksCommand.Rotate.class)
final class AckLinksCommand implements Runnable {
  @ParentCommand BotaskyCommand top;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        new picocli.CommandLine(this), "expected a subcommand: rotate");
  }

  /** {@code botasky ack-links rotate}: a new key signs from now on; the old one still verifies. */
  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description =
          "make a new signing key; links signed with the old one keep working until they expire"
              + " (24 h)")
  static final class Rotate implements Callable<Integer> {
    @ParentCommand AckLinksCommand parent;

    @Override
    public Integer call() {
      BotaskyCommand top = parent.top;
      return top.call(
          api -> {
            JsonNode r = api.post("/api/v1/ack-links/rotate", Map.of());
            if (top.json) {
              top.printJson(r);
              return 0;
            }
            top.out.println(
                "ack links: key "
                    + r.path("key_id").asLong()
                    + " signs from now on; "
                    + r.path("retired").asLong()
                    + " older key(s) verify their links until they expire");
            top.out.flush();
            return 0;
          });
    }
  }
}
