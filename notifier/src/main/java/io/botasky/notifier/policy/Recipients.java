package io.botasky.notifier.policy;

import java.util.List;

/** A channel and the contacts it reaches, as in {@code resolved = mail oncall}. */
public record Recipients(String channel, List<String> contacts) {
  public Recipients {
    contacts = List.copyOf(contacts);
  }
}
