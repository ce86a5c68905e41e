package io.botasky.agent.probe.network;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses the JSON of iproute2's {@code ip -j addr show}: interface name → its addresses as {@code
 * address/prefix}, sorted. Pure (a String in), streaming with jackson-core, bounded.
 *
 * <p>Left out, because they come and go without anyone changing the host's addresses
 * (docs/probes/network.md): IPv6 link-local addresses (scope {@code link}: made from the MAC,
 * removed with the link), {@code temporary} privacy addresses (rotated daily), and addresses still
 * in duplicate address detection ({@code tentative}) or that failed it ({@code dadfailed}).
 */
public final class IpAddrJson {
  private IpAddrJson() {}

  static final int MAX_CHARS = 1 << 20;
  static final int MAX_ADDRESSES = 1024;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(16)
                  .maxStringLength(4096)
                  .maxNumberLength(32)
                  .build())
          .build();

  /** Parses one output; a malformed one is an IllegalArgumentException saying where. */
  public static Map<String, List<String>> parse(String json) {
    if (json.length() > MAX_CHARS) {
      throw new IllegalArgumentException("ip -j addr: output over " + MAX_CHARS + " characters");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_ARRAY, "a list of interfaces");
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String name = null;
        TreeSet<String> addrs = new TreeSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if (field.equals("ifname") && t == JsonToken.VALUE_STRING) {
            name = p.getText();
          } else if (field.equals("addr_info") && t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              String a = address(p);
              if (a != null && addrs.size() < MAX_ADDRESSES) {
                addrs.add(a);
              }
            }
          } else {
            p.skipChildren();
          }
        }
        if (name == null || name.isEmpty()) {
          throw new IllegalArgumentException("ip -j addr: an interface without \"ifname\"");
        }
        out.put(name, List.copyOf(addrs));
      }
      expect(p.currentToken(), JsonToken.END_ARRAY, "the end of the list");
    } catch (IOException e) {
      throw new IllegalArgumentException("ip -j addr: not the JSON expected: " + e.getMessage(), e);
    }
    return out;
  }

  /** One {@code addr_info} entry, the parser on its START_OBJECT; null when it is left out. */
  private static String address(JsonParser p) throws IOException {
    String family = "";
    String local = null;
    String scope = "";
    long prefix = -1;
    boolean skip = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "family" -> family = t == JsonToken.VALUE_STRING ? p.getText() : "";
        case "local" -> local = t == JsonToken.VALUE_STRING ? p.getText() : null;
        case "scope" -> scope = t == JsonToken.VALUE_STRING ? p.getText() : "";
        case "prefixlen" -> prefix = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
        case "temporary", "tentative", "dadfailed" -> skip |= t == JsonToken.VALUE_TRUE;
        default -> p.skipChildren();
      }
    }
    if (skip || local == null || (family.equals("inet6") && scope.equals("link"))) {
      return null;
    }
    if (!local.matches("[0-9A-Fa-f.:]{2,45}") || prefix < 0 || prefix > 128) {
      throw new IllegalArgumentException(
          "ip -j addr: not an address: \""
              + io.botasky.common.text.SafeText.line(local, 50)
              + "\"");
    }
    return local + "/" + prefix;
  }

  private static void expect(JsonToken got, JsonToken want, String what) {
    if (got != want) {
      throw new IllegalArgumentException("ip -j addr: expected " + what + ", got " + got);
    }
  }
}
