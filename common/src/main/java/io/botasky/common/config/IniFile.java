package io.botasky.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An INI file ({@code colConfig.ini}, the escalation file): sections in file order, each a {@link
 * Section}. A duplicate section or a duplicate key within a section is an error; a setting before
 * the first section is an error too, since it would silently belong to nothing.
 */
public final class IniFile {
  private final String file;
  private final List<Section> sections;
  private final ConfigReport report;

  private IniFile(String file, List<Section> sections, ConfigReport report) {
    this.file = file;
    this.sections = List.copyOf(sections);
    this.report = report;
  }

  public static IniFile read(Path path, ConfigReport report) throws ConfigException {
    return ConfigFiles.read(path, report, IniFile::parse);
  }

  public static IniFile parse(String file, String text, ConfigReport report) {
    try {
      return parse(file, new StringReader(text), report);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  public static IniFile parse(String file, Reader reader, ConfigReport report) throws IOException {
    Map<String, Source> headers = new LinkedHashMap<>();
    Map<String, Map<String, Entry>> bodies = new LinkedHashMap<>();
    String[] current = {null};
    new ConfigLexer(file, true, report)
        .lex(
            reader,
            new ConfigLexer.Listener() {
              @Override
              public void section(String name, Source source) {
                Source first = headers.get(name);
                if (first != null) {
                  report.error(
                      source, name, null, "duplicate section, first at line " + first.line());
                  current[0] = null;
                  return;
                }
                headers.put(name, source);
                bodies.put(name, new LinkedHashMap<>());
                current[0] = name;
              }

              @Override
              public void entry(String key, String value, Source source) {
                if (current[0] == null) {
                  if (bodies.isEmpty()) {
                    report.error(source, null, key, "setting outside any [section]");
                  }
                  return;
                }
                Entry previous =
                    bodies.get(current[0]).putIfAbsent(key, new Entry(key, value, source));
                if (previous != null) {
                  report.error(
                      source,
                      current[0],
                      key,
                      "duplicate key, first set at line " + previous.source().line());
                }
              }
            });
    List<Section> sections = new ArrayList<>();
    headers.forEach((name, src) -> sections.add(new Section(name, src, bodies.get(name), report)));
    return new IniFile(file, sections, report);
  }

  public String file() {
    return file;
  }

  public List<Section> sections() {
    return sections;
  }

  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** An empty section to read defaults from when the file does not have the named one. */
  public Section sectionOrEmpty(String name) {
    return section(name).orElseGet(() -> new Section(name, new Source(file, 0), Map.of(), report));
  }

  /** Reports every section whose type is not among {@code types}, with a did-you-mean. */
  public void requireTypes(Collection<String> types) {
    for (Section s : sections) {
      if (!types.contains(s.type())) {
        String hint =
            DidYouMean.suggest(s.type(), types)
                .map(t -> " (did you mean \"" + t + "\"?)")
                .orElse("");
        report.error(
            s.source(), s.name(), null, "unknown section type \"" + s.type() + "\"" + hint);
      }
    }
  }

  public ConfigReport report() {
    return report;
  }
}
