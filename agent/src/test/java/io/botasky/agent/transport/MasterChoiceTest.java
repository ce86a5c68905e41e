package io.botasky.agent.transport;

import static io.botasky.agent.transport.MasterChoice.Outcome.ANSWERED;
import static io.botasky.agent.transport.MasterChoice.Outcome.FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.agent.transport.MasterChoice.Decision;
import io.botasky.agent.transport.MasterChoice.Outcome;
import io.botasky.agent.transport.MasterChoice.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterChoiceTest {

  /** Feeds outcomes, each against the master current at the time; the reasons and the masters. */
  private static List<String> run(MasterChoice start, Outcome... outcomes) {
    List<String> out = new ArrayList<>();
    MasterChoice c = start;
    for (Outcome o : outcomes) {
      Decision d = c.after(c.current(), o);
      c = d.next();
      out.add(d.reason() + "->" + c.current());
    }
    return out;
  }

  @Test
  void staysWithTheFirstWhileItAnswers() {
    assertThat(run(MasterChoice.first(2), ANSWERED, ANSWERED, ANSWERED))
        .containsExactly("ANSWERED->0", "ANSWERED->0", "ANSWERED->0");
  }

  @Test
  void movesToTheNextAfterTwoFailedAttemptsInARow() {
    assertThat(run(MasterChoice.first(2), FAILED, FAILED, ANSWERED))
        .containsExactly("FAILED_ONCE->0", "MOVED->1", "ANSWERED->1");
  }

  @Test
  void oneFailureBetweenAnswersDoesNotMove() {
    assertThat(run(MasterChoice.first(2), FAILED, ANSWERED, FAILED, ANSWERED))
        .containsExactly("FAILED_ONCE->0", "ANSWERED->0", "FAILED_ONCE->0", "ANSWERED->0");
  }

  @Test
  void isStickyAndGoesOnInTheListOnlyWhenTheCurrentOneFails() {
    // On 1 after a move; the first being up again changes nothing while 1 answers. When 1 fails
    // twice the agent goes on to 2, then wraps round to 0.
    assertThat(
            run(
                MasterChoice.first(3),
                FAILED,
                FAILED,
                ANSWERED,
                ANSWERED,
                FAILED,
                FAILED,
                FAILED,
                FAILED))
        .containsExactly(
            "FAILED_ONCE->0",
            "MOVED->1",
            "ANSWERED->1",
            "ANSWERED->1",
            "FAILED_ONCE->1",
            "MOVED->2",
            "FAILED_ONCE->2",
            "MOVED->0");
  }

  @Test
  void oneMasterNeverMoves() {
    assertThat(run(MasterChoice.first(1), FAILED, FAILED, FAILED, ANSWERED))
        .containsExactly("FAILED_ONCE->0", "ONLY_ONE->0", "ONLY_ONE->0", "ANSWERED->0");
  }

  @Test
  void anAttemptAtAMasterLeftBehindSaysNothingAboutTheCurrentOne() {
    // Two clients share the choice: the action poll sent to 0 before the deliverer moved to 1
    // fails afterwards; 1 must not be charged with it.
    MasterChoice onOne = new MasterChoice(2, 1, 1);
    Decision d = onOne.after(0, FAILED);
    assertThat(d.reason()).isEqualTo(Reason.NOT_CURRENT);
    assertThat(d.next()).isEqualTo(onOne);
    assertThat(onOne.after(0, ANSWERED).next()).isEqualTo(onOne);
  }

  @Test
  void fiveHundredsAreFailuresAndFourHundredsAreAnswers() {
    assertThat(MasterChoice.of(503)).isEqualTo(FAILED);
    assertThat(MasterChoice.of(500)).isEqualTo(FAILED);
    assertThat(MasterChoice.of(502)).isEqualTo(FAILED);
    assertThat(MasterChoice.of(401)).isEqualTo(ANSWERED);
    assertThat(MasterChoice.of(400)).isEqualTo(ANSWERED);
    assertThat(MasterChoice.of(429)).isEqualTo(ANSWERED);
    assertThat(MasterChoice.of(200)).isEqualTo(ANSWERED);
    assertThat(
            run(
                MasterChoice.first(2),
                MasterChoice.of(401),
                MasterChoice.of(400),
                MasterChoice.of(503),
                MasterChoice.of(503)))
        .containsExactly("ANSWERED->0", "ANSWERED->0", "FAILED_ONCE->0", "MOVED->1");
  }

  @Test
  void refusesAnImpossibleState() {
    assertThatThrownBy(() -> new MasterChoice(0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MasterChoice(2, 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
