package io.botasky.common.ledger;

/**
 * One row of {@code notifications} (the ledger boird keeps: one row per attempt to notify one
 * recipient), with the columns of the shared schema. Times are epoch milliseconds.
 *
 * @param alertId 0 for a test mail ({@code botasky test-mail})
 * @param sentAt null until sent
 */
public record LedgerEntry(
    long id,
    long alertId,
    int step,
    String channel,
    String target,
    String status,
    int attempts,
    String lastError,
    long createdAt,
    long dueAt,
    Long sentAt) {

  public boolean test() {
    return alertId == 0;
  }
}
