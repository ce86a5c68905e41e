package io.botasky.agent.inventory;

import io.botasky.agent.wire.WireCodec;
import io.botasky.common.wire.Heartbeat;
import io.botasky.common.wire.HeartbeatAnswer;
import io.botasky.common.wire.ServiceEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service inventory's part of a heartbeat (docs/api.md and docs/agent.md, "Service inventory"):
 * the full list, or the short form against the list the collector acknowledged last (its base), and
 * how the collector's answer moves that base. Pure: the base is a value the deliverer keeps and
 * hands back.
 */
public final class InventoryReport {
  /** Hex digits of {@code services_hash}: a 64-bit FNV-1a. */
  public static final int HASH_HEX = 16;

  private final WireCodec codec;

  /**
   * The last list hashed (timeless) and its hash: the list rarely changes between beats, and a
   * SHA-256 over its JSON every 10 s was a measured share of the agent's CPU (docs/agent.md,
   * "Footprint"). A cache of what the pure function returned, so the answers do not change.
   */
  private volatile Hashed last;

  private record Hashed(List<ServiceEntry> timeless, String hash) {}

  public InventoryReport(WireCodec codec) {
    this.codec = codec;
  }

  /**
   * The list the collector holds, as far as the agent knows: the one it sent whose hash the
   * collector answered. {@link #NONE} when it knows none: the next beat is the full list.
   */
  public record Base(List<ServiceEntry> list, String hash) {
    public static final Base NONE = new Base(null, null);
  }

  /**
   * The inventory fields of one heartbeat. Full form: {@code services} set; short form: {@code
   * baseHash}, {@code checks} and {@code changed} set.
   *
   * @param list the whole list this beat stands for, whichever form carries it
   */
  public record Beat(
      String hash,
      List<ServiceEntry> services,
      String baseHash,
      List<Long> checks,
      List<ServiceEntry> changed,
      List<ServiceEntry> list) {

    public boolean full() {
      return services != null;
    }

    public Heartbeat heartbeat(String host, String version, Map<String, Object> sysinfo) {
      return new Heartbeat(host, version, sysinfo, hash, services, baseHash, checks, changed);
    }
  }

  /** What an answer leaves: the base for the next beat, and whether to send that beat at once. */
  public record Next(Base base, boolean sendNow) {}

  /**
   * The beat for the services as they are now: short when {@code base} holds a list with the same
   * services at the same places (only states, summaries and times may differ), else full.
   */
  public Beat beat(List<ServiceEntry> now, Base base) {
    String hash = hash(now);
    if (base.list() == null || !sameServices(base.list(), now)) {
      return new Beat(hash, List.copyOf(now), null, null, null, now);
    }
    List<Long> checks = new ArrayList<>(now.size());
    List<ServiceEntry> changed = new ArrayList<>();
    for (int i = 0; i < now.size(); i++) {
      ServiceEntry e = now.get(i);
      checks.add(e.lastCheck());
      if (!e.sameAsideFromCheck(base.list().get(i))) {
        changed.add(e.withIndex(i));
      }
    }
    return new Beat(hash, null, base.hash(), checks, changed, now);
  }

  /**
   * The base after the collector answered {@code sent}:
   *
   * <ul>
   *   <li>it holds the hash sent: the list sent is the base;
   *   <li>it asks for the list again ({@code resend}), or holds another hash: no base, so the next
   *       beat is full, and sent at once when the one answered was short (a full one answered the
   *       same way waits for the next beat, so a confused collector cannot make the agent loop);
   *   <li>no answer it understands, or no hash in it (a collector without the inventory): no base,
   *       the full list with every beat.
   * </ul>
   */
  public static Next after(Beat sent, Optional<HeartbeatAnswer> answer) {
    if (answer.isEmpty() || (answer.get().servicesHash() == null && !answer.get().resend())) {
      return new Next(Base.NONE, false);
    }
    HeartbeatAnswer a = answer.get();
    if (!a.resend() && sent.hash().equals(a.servicesHash())) {
      return new Next(new Base(List.copyOf(sent.list()), sent.hash()), false);
    }
    return new Next(Base.NONE, !sent.full());
  }

  /**
   * {@code services_hash}: 16 lower-case hex digits, the {@link #fnv1a64} of the list as JSON with
   * every {@code last_check} 0 and no index, so the time of a check never changes it.
   */
  public String hash(List<ServiceEntry> list) {
    List<ServiceEntry> timeless = new ArrayList<>(list.size());
    for (ServiceEntry e : list) {
      timeless.add(
          new ServiceEntry(
              null,
              e.resource(),
              e.instance(),
              e.group(),
              e.state(),
              e.summary(),
              0,
              e.interval(),
              e.actions(),
              e.protectedService()));
    }
    Hashed seen = last;
    if (seen != null && seen.timeless().equals(timeless)) {
      return seen.hash();
    }
    try {
      String hash = HexFormat.of().toHexDigits(fnv1a64(codec.serviceList(timeless)));
      last = new Hashed(timeless, hash);
      return hash;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * 64-bit FNV-1a. The hash only tells the collector whether its copy of the list is the agent's
   * (docs/api.md, "Service inventory"): a change detector among the lists of one agent, where a
   * chance collision is 1 in 2^64 and nobody gains by forging one. A cryptographic digest would
   * load the JCA into the agent (some 60 classes, 0.5 MB; docs/agent.md, "Footprint").
   */
  static long fnv1a64(byte[] data) {
    long h = 0xcbf29ce484222325L;
    for (byte b : data) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static boolean sameServices(List<ServiceEntry> a, List<ServiceEntry> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).resource().equals(b.get(i).resource())
          || !a.get(i).instance().equals(b.get(i).instance())) {
        return false;
      }
    }
    return true;
  }
}
