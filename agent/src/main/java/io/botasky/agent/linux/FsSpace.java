package io.botasky.agent.linux;

/**
 * Space of one mounted filesystem, as statvfs gives it.
 *
 * @param total size in bytes
 * @param free bytes not allocated (including the root reserve)
 * @param available bytes an unprivileged user may still write
 */
public record FsSpace(long total, long free, long available) {

  /**
   * Used share as {@code df} computes it: used / (used + available), so the root reserve counts as
   * full.
   */
  public double usedPercent() {
    long used = total - free;
    long denom = used + available;
    return denom <= 0 ? 0.0 : 100.0 * used / denom;
  }
}
