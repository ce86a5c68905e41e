package io.botasky.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.collector.http.HttpError;
import io.botasky.collector.http.Request;
import io.botasky.common.testkit.HostileConfig;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Query parameters and path ids of any text: a number in range, or a 400 naming the parameter. */
class QueryParamProperties {

  @Property
  void limitIsInRangeOrA400(@ForAll("text") String v) {
    Request r =
        new Request(
            "GET",
            "/api/v1/alerts",
            Map.of("limit", List.of(v)),
            Map.of(),
            new byte[0],
            "127.0.0.1",
            Map.of());
    try {
      assertThat(Queries.limit(r, 100, 1000)).isBetween(1, 1000);
    } catch (HttpError e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.field()).isEqualTo("limit");
    }
  }

  @Property
  void idIsPositiveOrA400(@ForAll("text") String v) {
    try {
      assertThat(Queries.id(v, "id")).isPositive();
    } catch (HttpError e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.field()).isEqualTo("id");
    }
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(HostileConfig.numberText(), HostileConfig.hostileString(20));
  }
}
