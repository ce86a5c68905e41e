package io.botasky.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.ingest.LeaseDecider.Outcome;
import io.botasky.collector.store.LeaseSql.Lease;
import org.junit.jupiter.api.Test;

class LeaseDeciderTest {
  @Test
  void theFirstCollectorCreatesTheLeaseAtTermOne() {
    LeaseDecider.Decision d = LeaseDecider.decide(null, "a", 0, 1000);
    assertThat(d.outcome()).isEqualTo(Outcome.CREATE);
    assertThat(d.term()).isEqualTo(1);
    assertThat(d.leads()).isTrue();
  }

  @Test
  void theHolderRenewsItsTerm() {
    LeaseDecider.Decision d = LeaseDecider.decide(new Lease("a", 4, 5000, 2000), "a", 4, 3000);
    assertThat(d.outcome()).isEqualTo(Outcome.RENEW);
    assertThat(d.term()).isEqualTo(4);
  }

  @Test
  void aStandbyFollowsWhileTheLeaseRuns() {
    LeaseDecider.Decision d = LeaseDecider.decide(new Lease("a", 4, 5000, 2000), "b", 0, 4999);
    assertThat(d.outcome()).isEqualTo(Outcome.FOLLOW);
    assertThat(d.leads()).isFalse();
    assertThat(d.holder()).isEqualTo("a");
    assertThat(d.reason()).isEqualTo("held by a for 1 ms more");
  }

  @Test
  void aStandbyTakesOverALeaseThatRanOutWithTheNextTerm() {
    LeaseDecider.Decision d = LeaseDecider.decide(new Lease("a", 4, 5000, 2000), "b", 0, 5001);
    assertThat(d.outcome()).isEqualTo(Outcome.TAKE_OVER);
    assertThat(d.term()).isEqualTo(5);
    assertThat(d.holder()).isEqualTo("b");
    assertThat(d.reason()).isEqualTo("the lease of a ran out 1 ms ago");
  }

  @Test
  void aRestartedHolderTakesItsOwnLeaseBackAtOnceWithTheNextTerm() {
    LeaseDecider.Decision d = LeaseDecider.decide(new Lease("a", 4, 9000, 2000), "a", 0, 3000);
    assertThat(d.outcome()).isEqualTo(Outcome.TAKE_OVER);
    assertThat(d.term()).isEqualTo(5);
  }
}
