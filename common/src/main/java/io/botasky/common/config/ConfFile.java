package io.botasky.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flat {@code Option=Value} file of the collector, notifier and admin CLI ({@code
 * /etc/pihealthd.conf}). Keys are case-sensitive; a duplicate key is an error.
 */
public final class ConfFile {
  private ConfFile() {}

  /** Reads a file; a missing or unreadable file is a configuration error. */
  public static Section read(Path path, ConfigReport report) throws ConfigException {
    return ConfigFiles.read(path, report, ConfFile::parse);
  }

  public static Section parse(String file, String text, ConfigReport report) {
    try {
      return parse(file, new StringReader(text), report);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  public static Section parse(String file, Reader reader, ConfigReport report) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    new ConfigLexer(file, false, report)
        .lex(
            reader,
            new ConfigLexer.Listener() {
              @Override
              public void section(String name, Source source) {
                // The lexer reports sections in a flat file as errors and never calls this.
              }

              @Override
              public void entry(String key, String value, Source source) {
                Entry previous = entries.putIfAbsent(key, new Entry(key, value, source));
                if (previous != null) {
                  report.error(
                      source,
                      null,
                      key,
                      "duplicate key, first set at line " + previous.source().line());
                }
              }
            });
    return new Section(null, new Source(file, 0), entries, report);
  }
}
