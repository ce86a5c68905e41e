package io.botasky.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code botasky unsilence ID}. */
@Command(name = "unsilence", mixinStandardHelpOptions = true, description = "remove a silence")
final class UnsilenceCommand implements Callable<Integer> {
  @ParentCommand BotaskyCommand top;

  @Parameters(paramLabel = "ID")
  long id;

  @Override
  public Integer call() {
    return top.call(
        api -> {
          api.delete("/api/v1/silences/" + id);
          top.out.println("silence " + id + " removed");
          top.out.flush();
          return 0;
        });
  }
}
