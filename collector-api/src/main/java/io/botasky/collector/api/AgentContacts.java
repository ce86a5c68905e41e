package io.botasky.collector.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each agent address the first time it reports (the seed asks for "connected host addresses"). */
public final class AgentContacts {
  private static final Logger log = LoggerFactory.getLogger("agents");
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  public void seen(String host, String address) {
    if (seen.size() < 100_000 && seen.add(host + "\0" + address)) {
      log.info("agent: host {} reports from {}", host, address);
    }
  }
}
