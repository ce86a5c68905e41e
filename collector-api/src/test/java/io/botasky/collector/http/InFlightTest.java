package io.botasky.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {
  @Test
  void bodiesBeyondTheBudgetAreRefusedButOneRequestAlwaysPasses() throws Exception {
    InFlight f = new InFlight(100);
    assertThat(f.enter(80)).isTrue();
    assertThat(f.enter(30)).as("over budget while another is in flight").isFalse();
    assertThat(f.enter(20)).isTrue();
    f.exit(80);
    f.exit(20);
    assertThat(f.awaitIdle(10, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(f.enter(150)).as("alone, even a large body is admitted").isTrue();
    assertThat(f.awaitIdle(10, TimeUnit.MILLISECONDS)).isFalse();
  }
}
