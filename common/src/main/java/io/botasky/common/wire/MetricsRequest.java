package io.botasky.common.wire;

import java.util.List;

/** Body of {@code POST /api/v1/metrics}; {@code batchId} makes a resend harmless. */
public record MetricsRequest(String host, String batchId, List<Sample> samples) {}
