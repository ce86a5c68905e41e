package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One alert as {@code GET /api/v1/alerts} returns it; times are RFC 3339 strings. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertView(
    long id,
    String host,
    String resource,
    String instance,
    String check,
    Severity severity,
    AlertState state,
    String summary,
    String firstSeen,
    String lastSeen,
    int occurrences,
    String ackedBy,
    String resolvedAt) {}
