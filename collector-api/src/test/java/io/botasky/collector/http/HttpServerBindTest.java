package io.botasky.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botasky.common.conf.HttpLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class HttpServerBindTest {
  @Test
  void aPortInUseIsABindFailureNamingAddressAndPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      HttpServer s =
          new HttpServer(
              "127.0.0.1",
              port,
              1 << 20,
              null,
              new Router(),
              (r, m, st, n, a) -> {},
              1,
              HttpLimits.defaults(),
              null,
              new HttpLimited(new SimpleMeterRegistry(), Clock.systemUTC()));
      assertThatThrownBy(s::start)
          .isInstanceOf(HttpServer.BindFailure.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": ");
      assertThat(s.state()).isEqualTo(HttpServer.State.FAILED);
    }
  }
}
