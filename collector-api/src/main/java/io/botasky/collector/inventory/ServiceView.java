package io.botasky.collector.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.botasky.collector.store.Service;
import io.botasky.collector.store.Times;
import java.util.List;

/**
 * One service as {@code GET /api/v1/services}, the tree and the {@code service} stream event show
 * it (docs/api.md, "Services"); times are RFC 3339 strings, {@code last_check} null before the
 * first check.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceView(
    String host,
    String resource,
    String instance,
    String group,
    String state,
    String since,
    String lastCheck,
    String summary,
    boolean acked,
    List<String> actions,
    @JsonProperty("protected") boolean protectedService) {
  public static ServiceView of(Service s) {
    long check = s.entry().lastCheck();
    return new ServiceView(
        s.host(),
        s.resource(),
        s.instance(),
        s.entry().group(),
        s.derived().state(),
        Times.rfc3339(s.derived().since()),
        check == 0 ? null : Times.rfc3339(check),
        s.derived().summary(),
        s.derived().acked(),
        s.entry().actions(),
        s.entry().protectedService());
  }
}
