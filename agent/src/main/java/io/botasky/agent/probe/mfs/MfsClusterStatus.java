package io.botasky.agent.probe.mfs;

import java.util.List;
import java.util.Map;

/**
 * What {@code mfscli -SIN -SCS -SMB} says about a MooseFS cluster.
 *
 * @param masterFound false when mfscli printed {@code Working master servers not found}
 * @param masterState the state column of the {@code metadata servers:} line ({@code -} for a lone
 *     working master, {@code DEAD} when nothing answers, {@code BUSY} through a forwarder whose
 *     backend is dead), or null when there is no such line
 * @param chunkservers connected chunk servers as {@code ip:port}
 * @param disconnected chunk servers the master knows but that are not connected, as {@code ip:port}
 * @param metaloggers connected metadata loggers by address
 * @param info the numeric {@code master info:} lines ({@code total space}, {@code chunks}, ...)
 */
public record MfsClusterStatus(
    boolean masterFound,
    String masterState,
    List<String> chunkservers,
    List<String> disconnected,
    List<String> metaloggers,
    Map<String, Long> info) {}
