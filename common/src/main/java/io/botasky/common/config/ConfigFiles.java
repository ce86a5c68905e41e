package io.botasky.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a configuration file for a parser, turning I/O failures into configuration errors. */
final class ConfigFiles {
  /** A parser over an open reader. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String file, Reader reader, ConfigReport report) throws IOException;
  }

  private ConfigFiles() {}

  static <T> T read(Path path, ConfigReport report, Parser<T> parser) throws ConfigException {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return parser.parse(path.toString(), r, report);
    } catch (NoSuchFileException e) {
      throw ConfigException.of(path.toString(), "file not found");
    } catch (MalformedInputException e) {
      throw ConfigException.of(path.toString(), "not valid UTF-8 text");
    } catch (IOException e) {
      throw ConfigException.of(path.toString(), "cannot read: " + e.getMessage());
    }
  }
}
