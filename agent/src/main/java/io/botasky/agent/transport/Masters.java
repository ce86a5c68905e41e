package io.botasky.agent.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The masters of {@code [agent] master} and the one in use, shared by every client of the agent
 * (the spool's deliverer, and the action client's long poll and reports), so all of them talk to
 * the same collector and move together (docs/agent.md, "Several masters"). The decision is {@link
 * MasterChoice}'s; this class only keeps it and logs each move.
 */
public final class Masters {
  private static final Logger log = LoggerFactory.getLogger(Masters.class);

  private final List<MasterAddress> addresses;
  private final List<URI> bases;
  private MasterChoice choice;

  /** A master the agent talks to and its position in the list, to report the outcome against. */
  public record Current(int index, MasterAddress address, URI base) {}

  public Masters(List<MasterAddress> addresses, boolean tls) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no master");
    }
    this.addresses = List.copyOf(addresses);
    this.bases =
        this.addresses.stream()
            .map(
                a -> {
                  try {
                    return a.base(tls);
                  } catch (URISyntaxException e) {
                    // MasterAddress.parse refused what is no URI host at load.
                    throw new IllegalArgumentException(e);
                  }
                })
            .toList();
    this.choice = MasterChoice.first(addresses.size());
  }

  /** One master at {@code base} (tests, and callers that know one URI). */
  public static Masters of(URI base) {
    return new Masters(base);
  }

  private Masters(URI base) {
    this.addresses =
        List.of(new MasterAddress(base.getHost() == null ? "" : base.getHost(), base.getPort()));
    this.bases = List.of(base);
    this.choice = MasterChoice.first(1);
  }

  /** The master to send the next request to. */
  public synchronized Current current() {
    int i = choice.current();
    return new Current(i, addresses.get(i), bases.get(i));
  }

  /** How many masters are configured. */
  public int size() {
    return addresses.size();
  }

  /** The master {@code c} answered with {@code status} (a 5xx is a failed attempt). */
  public void answered(Current c, int status) {
    record(c, MasterChoice.of(status), "answered " + status);
  }

  /** The master {@code c} could not be reached or did not answer; {@code cause} says how. */
  public void failed(Current c, String cause) {
    record(c, MasterChoice.Outcome.FAILED, cause);
  }

  private void record(Current c, MasterChoice.Outcome outcome, String cause) {
    MasterChoice.Decision d;
    MasterAddress to;
    synchronized (this) {
      d = choice.after(c.index(), outcome);
      choice = d.next();
      to = addresses.get(choice.current());
    }
    if (d.reason() == MasterChoice.Reason.MOVED) {
      log.warn(
          "master: moved from {} to {} after {} failed attempts ({})",
          c.address(),
          to,
          MasterChoice.MOVE_AFTER,
          cause);
    }
  }
}
