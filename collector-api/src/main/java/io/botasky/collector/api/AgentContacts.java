package io.botasky.collector.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each agent address the first time it reports (docs/collector.md, docs/operations.md: the
 * collector's log lists the addresses of the connected hosts). Keyed only by agents authenticated
 * by their own token (so by hosts of agent_tokens, never by a name a body made up) and capped: an
 * agent hopping addresses cannot grow it without bound.
 */
public final class AgentContacts {
  static final int MAX = 10_000;
  private static final Logger log = LoggerFactory.getLogger("agents");
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean full = new AtomicBoolean();

  /** An agent token of {@code host} was used from {@code address}. */
  public void seen(String host, String address) {
    if (seen.size() >= MAX) {
      if (full.compareAndSet(false, true)) {
        log.warn("agent: {} host and address pairs seen; new ones are no longer logged", MAX);
      }
      return;
    }
    if (seen.add(host + "\0" + address)) {
      log.info("agent: host {} reports from {}", host, address);
    }
  }
}
