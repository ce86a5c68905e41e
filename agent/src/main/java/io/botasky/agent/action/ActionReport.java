package io.botasky.agent.action;

/**
 * One report of an action to the collector (docs/agent.md, "Controlled actions"), and one line of
 * the action journal. Every field but {@code uuid} may be null where it does not apply.
 *
 * @param id the collector's id of a requested action; null for a scheduled one
 * @param uuid the agent's own id of the action: the journal's key, and the collector's for a
 *     scheduled action
 * @param state {@code running}, {@code succeeded}, {@code failed}, {@code timed_out} or {@code
 *     refused}; null for a journal line that records no state ({@code received}, {@code started})
 * @param at epoch milliseconds of the event
 */
public record ActionReport(
    Long id,
    String uuid,
    String resource,
    String instance,
    String action,
    String by,
    String state,
    Integer exitCode,
    String output,
    String reason,
    long at) {

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String TIMED_OUT = "timed_out";
  public static final String REFUSED = "refused";

  /** The collector's bounds (docs/api.md): longer text is cut, never refused. */
  public static final int MAX_OUTPUT = 4096;

  public static final int MAX_REASON = 512;

  /** This action in {@code state} at {@code at}, with the outcome fields given. */
  public ActionReport with(String state, Integer exitCode, String output, String reason, long at) {
    return new ActionReport(
        id,
        uuid,
        resource,
        instance,
        action,
        by,
        state,
        exitCode,
        tail(output, MAX_OUTPUT),
        head(reason, MAX_REASON),
        at);
  }

  /** Whether {@code state} is an outcome: the action is over. */
  public boolean finished() {
    return state != null && !state.equals(RUNNING);
  }

  /** {@code resource:instance}, as the log lines name a service. */
  public String service() {
    return resource + ":" + instance;
  }

  /** The id the log lines name: the collector's, else the agent's own. */
  public String logId() {
    return id != null ? id.toString() : uuid;
  }

  private static String tail(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(s.length() - max);
  }

  private static String head(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
