package io.botasky.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.transport.RepeatedFailures.Decision;
import io.botasky.agent.transport.RepeatedFailures.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedFailuresTest {
  private static final String ERR = "{\"error\":\"internal error\"}";

  /** Feeds answers for subjects in turn; returns the reasons. */
  private static List<Reason> run(Object... subjectStatusBody) {
    RepeatedFailures streak = RepeatedFailures.none();
    List<Reason> out = new ArrayList<>();
    for (int i = 0; i < subjectStatusBody.length; i += 3) {
      Decision d =
          streak.after(
              (String) subjectStatusBody[i],
              (Integer) subjectStatusBody[i + 1],
              (String) subjectStatusBody[i + 2]);
      out.add(d.reason());
      streak = d.streak();
    }
    return out;
  }

  @Test
  void theSameAnswerFiveTimesInARowSetsAside() {
    assertThat(
            run(
                "e1",
                500,
                ERR,
                "e1",
                500,
                ERR,
                "e1",
                500,
                ERR,
                "e1",
                500,
                ERR,
                "e1",
                500,
                ERR + "\n"))
        .containsExactly(
            Reason.RETRY_AGAIN,
            Reason.RETRY_AGAIN,
            Reason.RETRY_AGAIN,
            Reason.RETRY_AGAIN,
            Reason.SET_ASIDE);
  }

  @Test
  void anotherAnswerOrAnotherSubjectStartsAgain() {
    assertThat(
            run(
                "e1",
                500,
                ERR,
                "e1",
                500,
                ERR,
                "e1",
                500,
                "{\"error\":\"other\"}",
                "e1",
                500,
                ERR,
                "e1",
                500,
                ERR,
                "e1",
                500,
                ERR,
                "e1",
                500,
                ERR))
        .doesNotContain(Reason.SET_ASIDE);
    assertThat(run("e1", 500, ERR, "e1", 500, ERR, "e1", 501, ERR, "e1", 500, ERR, "e1", 500, ERR))
        .doesNotContain(Reason.SET_ASIDE);
    assertThat(run("e1", 500, ERR, "e2", 500, ERR, "e1", 500, ERR, "e2", 500, ERR, "e1", 500, ERR))
        .doesNotContain(Reason.SET_ASIDE);
  }

  @Test
  void anOutageNeverCountsAndBreaksAStreak() {
    List<Object> answers = new ArrayList<>();
    for (int status : new int[] {401, 403, 404, 408, 429, 502, 503, 504}) {
      for (int i = 0; i < 10; i++) {
        answers.addAll(List.of("e1", status, "{\"error\":\"database unavailable\"}"));
      }
    }
    assertThat(run(answers.toArray())).containsOnly(Reason.OUTAGE);
    assertThat(
            run(
                "e1", 500, ERR, "e1", 500, ERR, "e1", 500, ERR, "e1", 503, "x", "e1", 500, ERR,
                "e1", 500, ERR))
        .doesNotContain(Reason.SET_ASIDE);
  }

  @Test
  void afterSettingAsideTheStreakIsEmpty() {
    RepeatedFailures s = RepeatedFailures.none();
    for (int i = 0; i < RepeatedFailures.LIMIT - 1; i++) {
      s = s.after("e1", 500, ERR).streak();
    }
    Decision d = s.after("e1", 500, ERR);
    assertThat(d.reason()).isEqualTo(Reason.SET_ASIDE);
    assertThat(d.streak()).isEqualTo(RepeatedFailures.none());
  }
}
