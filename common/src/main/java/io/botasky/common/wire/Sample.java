package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** One metric value at a time in epoch milliseconds. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Sample(String metric, long ts, double value, Map<String, String> labels) {}
