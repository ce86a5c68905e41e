package io.botasky.common.config;

/** One {@code key = value} line, with the value already unquoted and stripped of comments. */
public record Entry(String key, String value, Source source) {}
