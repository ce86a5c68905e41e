package io.botasky.common.wire;

import java.util.List;

/** Body of {@code POST /api/v1/events}. */
public record EventsRequest(String host, List<AlertEvent> events) {}
