package io.botasky.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The collector's answer as the agent's HTTP client reads it, from whatever answers on that port: a
 * reply with a real status code and a bounded body, or an IOException; never another exception.
 */
class HttpReplyProperties {

  @Property
  void anyAnswerIsAReplyOrAnIOException(@ForAll("answers") byte[] answer) {
    try {
      HttpTransport.Reply r = HttpTransport.read(new ByteArrayInputStream(answer));
      Statistics.collect("reply");
      assertThat(r.status()).isBetween(200, 999);
      assertThat(r.body().length()).isLessThanOrEqualTo(64 * 1024);
    } catch (IOException e) {
      Statistics.collect("IOException");
    }
  }

  /** The probe's way of reading (HttpWire without reading to the end, or a HEAD): same promise. */
  @Property
  void aPrefixReadIsAnAnswerOrAnIOException(
      @ForAll("answers") byte[] answer, @ForAll boolean head) {
    try {
      HttpWire.Answer a = HttpWire.read(new ByteArrayInputStream(answer), head, 1024, false);
      assertThat(a.status()).isBetween(200, 999);
      assertThat(a.body().length).isLessThanOrEqualTo(1024);
      if (head) {
        assertThat(a.body()).isEmpty();
      }
    } catch (IOException e) {
      Statistics.collect("IOException");
    }
  }

  @Provide
  Arbitrary<byte[]> answers() {
    return Arbitraries.oneOf(
        HostileText.lines(
                List.of(
                    "HTTP/1.1 200 OK",
                    "HTTP/1.1 503 Service Unavailable",
                    "HTTP/1.1 100 Continue",
                    "HTTP/1.0 204",
                    "Content-Length: 2",
                    "Content-Length: -5",
                    "Content-Length: 99999999999999999999",
                    "Transfer-Encoding: chunked",
                    "2",
                    "-1",
                    "7fffffffffffffff",
                    "0",
                    "Retry-After: 5",
                    "",
                    "ok",
                    "HTTP/1.1 -12 x",
                    "HTTP/1.1 +99 x",
                    "HTTP/1.1 \u0662\u0660\u0660 OK"))
            .map(s -> s.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)),
        Arbitraries.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + "2\r\n"
                    + "ok\r\n"
                    + "0\r\n\r\n",
                "HTTP/1.1 -12 x\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
                "HTTP/1.1 +99 x\r\n\r\n",
                "HTTP/1.1 \u0662\u0660\u0660 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nabc")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
  }
}
