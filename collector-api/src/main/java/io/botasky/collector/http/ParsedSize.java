package io.botasky.collector.http;

/**
 * How much heap a JSON body will take once parsed into a tree, estimated from its bytes without
 * parsing: about 4 bytes per byte of text (the byte array, the strings and numbers made of it), 96
 * per object or array (a node and its map or list), 48 per comma or colon (an entry, a reference, a
 * small value node). Measured against Jackson trees, it errs on the high side: a body of {@code {}}
 * pairs, the cheapest text for the most nodes, comes out at about 50 bytes per byte.
 */
final class ParsedSize {
  static final int PER_BYTE = 4;
  static final int PER_CONTAINER = 96;
  static final int PER_SEPARATOR = 48;

  private ParsedSize() {}

  static long estimate(byte[] body) {
    long containers = 0;
    long separators = 0;
    for (byte b : body) {
      switch (b) {
        case '{', '[' -> containers++;
        case ',', ':' -> separators++;
        default -> {}
      }
    }
    return (long) body.length * PER_BYTE + containers * PER_CONTAINER + separators * PER_SEPARATOR;
  }
}
