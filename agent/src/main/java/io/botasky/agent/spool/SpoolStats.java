package io.botasky.agent.spool;

/**
 * The spool's state for the self probe and the log.
 *
 * @param droppedSamples metric samples dropped past spool_max since the backlog was last empty
 * @param droppedBatches likewise, in batches
 * @param memoryOnly true while the disk refuses writes and batches are held in memory
 * @param writeError the last write error while memoryOnly
 */
public record SpoolStats(
    long bytes,
    int backups,
    int pendingEvents,
    long droppedSamples,
    long droppedBatches,
    boolean memoryOnly,
    String writeError,
    boolean backlogEmpty) {}
