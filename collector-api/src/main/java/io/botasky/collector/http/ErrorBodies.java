package io.botasky.collector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botasky.common.wire.ApiError;
import io.botasky.common.wire.Json;

/** Renders the contract's JSON error body. */
final class ErrorBodies {
  private static final ObjectMapper MAPPER = Json.mapper();

  private ErrorBodies() {}

  static Response of(int status, String field, String message) {
    try {
      return Response.json(status, MAPPER.writeValueAsBytes(new ApiError(message, field)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render an error body", e);
    }
  }

  static Response of(HttpError e) {
    Response r = of(e.status(), e.field(), e.getMessage());
    return e.retryAfterSeconds() > 0
        ? r.withHeader("Retry-After", String.valueOf(e.retryAfterSeconds()))
        : r;
  }
}
