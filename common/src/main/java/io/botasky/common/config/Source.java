package io.botasky.common.config;

/** Where a setting was written: file name (as given to the reader) and 1-based line. */
public record Source(String file, int line) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
