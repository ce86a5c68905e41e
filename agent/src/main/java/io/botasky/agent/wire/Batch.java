package io.botasky.agent.wire;

import io.botasky.common.wire.Sample;
import java.util.List;

/**
 * One line of a data file: the samples of up to {@code flush_every} probe rounds, under an id the
 * collector uses to store a resent batch only once.
 */
public record Batch(String batchId, List<Sample> samples) {}
