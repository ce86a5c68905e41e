package io.botasky.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What the agent reads back from its backup directory: the names of the files there. */
class BackupNameProperties {
  private static final Instant MIN = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("2999-12-31T23:59:59.999Z");

  @Property
  void anyFileNameIsABackupWithACountOrNot(@ForAll("names") String name) {
    Optional<Long> n = BackupNames.samples(name);
    assertThat(n.isPresent()).isEqualTo(BackupNames.isBackup(name));
    n.ifPresent(c -> assertThat(c).isNotNegative());
  }

  @Property
  void theNextNameIsABackupThatSortsAfterTheLast(
      @ForAll("names") String last,
      @ForAll("instants") Instant now,
      @ForAll("counts") long samples) {
    String next = BackupNames.next(now, last, samples);
    assertThat(BackupNames.isBackup(next)).as(next).isTrue();
    assertThat(BackupNames.samples(next)).contains(samples);
    if (BackupNames.isBackup(last) && realTime(last)) {
      assertThat(next).as("after %s", last).isGreaterThan(last);
    }
  }

  private static boolean realTime(String name) {
    try {
      Instant.parse(
          name.substring(5, 9)
              + "-"
              + name.substring(9, 11)
              + "-"
              + name.substring(11, 16)
              + ":"
              + name.substring(16, 18)
              + ":"
              + name.substring(18, 24)
              + "Z");
      return true;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs()
        .between(MIN.toEpochMilli(), MAX.toEpochMilli())
        .map(Instant::ofEpochMilli);
  }

  @Provide
  Arbitrary<Long> counts() {
    return Arbitraries.longs().between(0, 1L << 40);
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> generated =
        Combinators.combine(
                instants(),
                counts(),
                Arbitraries.of("", null),
                Arbitraries.of("0001", "0002", "9998", "9999", "10000", "999999999", "99999999999"))
            .as(
                (t, n, unused, seq) ->
                    BackupNames.next(t, null, n).replaceFirst("-0001-", "-" + seq + "-"));
    return Arbitraries.oneOf(
        generated,
        HostileText.string(40),
        Arbitraries.of(
            "data-20261121T064359.123Z-0001-n1234.gz",
            "data-20261321T064359.123Z-9999-n1.gz",
            "data-99999999T999999.999Z-0001-n1.gz",
            "data-20261121T064359.123Z-0001-n99999999999999999999.gz",
            "data-20261121T064359.123Z-99999999999-n1.gz",
            "data-2026112\u0661T064359.123Z-0001-n1.gz"));
  }
}
