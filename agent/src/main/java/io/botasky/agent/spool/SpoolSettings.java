package io.botasky.agent.spool;

import java.nio.file.Path;

/**
 * Where and how much the agent keeps of what the collector has not confirmed.
 *
 * @param fileMax data file size that triggers compression into {@code backupDir}
 * @param flushEvery probe rounds buffered in memory between two writes
 * @param spoolMax total bytes of data file plus backups; past it, the oldest metric data goes
 * @param memoryMax bytes of batches kept in memory while the disk refuses writes
 */
public record SpoolSettings(
    Path dataDir, Path backupDir, long fileMax, int flushEvery, long spoolMax, long memoryMax) {}
