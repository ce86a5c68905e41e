package io.botasky.agent.linux;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code /proc/meminfo} in bytes. {@code available} is MemAvailable; kernels before 3.14 lack it, and
 * then it is estimated as MemFree + Buffers + Cached, as {@code free} did.
 */
public record MemInfo(long total, long free, long available) {

  public static MemInfo parse(String text) {
    Map<String, Long> kb = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String[] f = line.substring(colon + 1).strip().split("\\s+");
      if (f.length == 0 || f[0].isEmpty()) {
        continue;
      }
      String key = line.substring(0, colon);
      if (key.equals("MemTotal") || key.equals("MemFree") || key.equals("MemAvailable") || key.equals("Buffers")
          || key.equals("Cached")) {
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
    long avail = kb.containsKey("MemAvailable")
        ? kb.get("MemAvailable")
        : free + kb.getOrDefault("Buffers", 0L) + kb.getOrDefault("Cached", 0L);
    return new MemInfo(total * 1024, free * 1024, Math.min(total, avail) * 1024);
  }

  /** Share of memory in use (not available), 0–100. */
  public double usedPercent() {
    return 100.0 * (total - available) / total;
  }
}
