package io.botasky.notifier.channel;

import io.botasky.notifier.policy.AlertFacts;
import java.util.List;

/**
 * The alerts a parent holds back now (docs/notifier.md, "Dependencies"), as its mail lists them:
 * the first ones by id, and how many there are in all.
 */
public record HeldBack(List<AlertFacts> shown, int total) {
  /** How many a mail lists; the rest are counted ("and N more"). */
  public static final int CAP = 20;

  public HeldBack {
    shown = List.copyOf(shown);
  }
}
