package io.botasky.common.wire;

/**
 * Answer to {@code POST /api/v1/events}: how many events were new and how many were seen before.
 */
public record EventsResponse(int accepted, int duplicates) {}
