package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON error body of every 4xx and 5xx answer; {@code field} names the offending field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {}
