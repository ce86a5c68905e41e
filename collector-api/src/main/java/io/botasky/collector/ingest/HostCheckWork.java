package io.botasky.collector.ingest;

/** A tick of the host watch: raise host_down for this partition's silent hosts. */
public record HostCheckWork() implements AlertWork {
  @Override
  public int weight() {
    return 1;
  }

  @Override
  public void fail(Throwable t) {
    // Nobody waits for a tick; the next one tries again.
  }
}
