package io.botasky.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/heartbeat}. {@code sysinfo} is free-form; the collector reads one key
 * from it, {@value #VIPS_HELD} (a list of VIP strings), for the keepalived split-brain rule.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Heartbeat(String host, String agentVersion, Map<String, Object> sysinfo) {
  public static final String VIPS_HELD = "vips_held";
}
