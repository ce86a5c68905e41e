package io.botasky.agent.linux;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code /proc/meminfo} in bytes. {@code available} is MemAvailable; kernels before 3.14 lack it,
 * and then it is estimated as MemFree + Buffers + Cached, as {@code free} did.
 */
public record MemInfo(long total, long free, long available) {
  private static final java.util.Set<String> WANTED =
      java.util.Set.of("MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached");

  public static MemInfo parse(String text) {
    Map<String, Long> kb = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon);
      // Only five of some fifty lines matter; the rest are not even split.
      if (!WANTED.contains(key)) {
        continue;
      }
      String[] f = Numbers.fields(line.substring(colon + 1));
      if (!f[0].isEmpty()) {
        kb.put(key, Numbers.whole(f[0], key));
      }
    }
    Long total = kb.get("MemTotal");
    Long free = kb.get("MemFree");
    if (total == null || free == null) {
      throw new IllegalArgumentException("MemTotal or MemFree missing");
    }
    if (total <= 0) {
      throw new IllegalArgumentException("MemTotal is " + total);
    }
    long avail =
        kb.containsKey("MemAvailable")
            ? kb.get("MemAvailable")
            : free + kb.getOrDefault("Buffers", 0L) + kb.getOrDefault("Cached", 0L);
    return new MemInfo(total * 1024, free * 1024, Math.min(total, avail) * 1024);
  }

  /** Share of memory in use (not available), 0–100. */
  public double usedPercent() {
    return 100.0 * (total - available) / total;
  }
}
