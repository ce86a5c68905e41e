package io.botasky.agent.probe.mfs;

import java.time.Duration;

/**
 * The settings of one {@code [mfsmaster]}, {@code [mfschunkserver]}, {@code [mfsmetalogger]} or
 * {@code [mfscgiserv]} section.
 *
 * @param host the master's address for {@code mfscli -H} (master section only)
 * @param port the master's client port for {@code mfscli -P} (master section only)
 * @param listenPort the port the local daemon must listen on for {@code process_down}; null: any
 * @param mfscli the mfscli program, found on PATH unless a path is given
 */
public record MfsSettings(
    String host,
    int port,
    Integer listenPort,
    int expectChunkservers,
    int expectMetaloggers,
    String mfscli,
    Duration timeout) {}
