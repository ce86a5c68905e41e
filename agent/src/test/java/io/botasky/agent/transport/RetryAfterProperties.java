package io.botasky.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What the agent reads back from the collector while delivering its spool: the Retry-After header.
 */
class RetryAfterProperties {
  @Property
  void retryAfterIsEmptyOrAtMostAnHour(@ForAll("retryAfterText") String header) {
    Optional<Duration> d = CollectorClient.retryAfter(Optional.of(header));
    d.ifPresent(w -> assertThat(w).isBetween(Duration.ZERO, CollectorClient.MAX_RETRY_AFTER));
    if (header.strip().matches("[0-9]+")) {
      assertThat(d).as("digits are a wait, however many").isPresent();
    }
    if (header.strip().matches("[0-9]{1,4}") && Long.parseLong(header.strip()) <= 3600) {
      assertThat(d).contains(Duration.ofSeconds(Long.parseLong(header.strip())));
    }
  }

  @Provide
  Arbitrary<String> retryAfterText() {
    return Arbitraries.oneOf(
        HostileText.number(),
        HostileText.string(12),
        Arbitraries.integers().between(0, 7200).map(String::valueOf),
        Arbitraries.of(
            "9223372036854775807",
            "99999999999999999999",
            "-1",
            "+5",
            " 5 ",
            "\u0665",
            "Wed, 21 Oct 2015 07:28:00 GMT"));
  }
}
