package io.botasky.collector.ingest;

/** Work for an {@link AlertPartition}. */
public sealed interface AlertWork extends BatchWriter.Work
    permits EventsWork, HeartbeatWork, HostCheckWork {}
