package io.botasky.agent.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code /sys} below a root given at construction. A file that does not exist (no thermal
 * zone on a VM, no Pi firmware on a PC) is "not available", an empty Optional, never an error.
 */
public final class SysFs {
  static final String THROTTLED_FILE = "devices/platform/soc/soc:firmware/get_throttled";
  private final Path root;

  /**
   * The sensor file found on the first look: thermal zones do not come and go while the agent runs,
   * and listing /sys/class/thermal every 5 s costs more than reading the temperature.
   */
  private volatile Optional<Path> sensor;

  /**
   * The firmware's file was missing once: this is not a Pi, and will not become one while the agent
   * runs. Asked every 5 s, a missing file costs two exceptions each time.
   */
  private volatile boolean notPi;

  public SysFs(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * The kernel's name of the block device numbered {@code majMin} ({@code 179:2} → {@code
   * mmcblk0p2}), from {@code class/block/<name>/dev}; empty when none matches.
   */
  public Optional<String> blockDeviceName(String majMin) throws IOException {
    Path dir = root.resolve("class/block");
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path d : ds) {
        try {
          if (BoundedFiles.read(d.resolve("dev"), 64).strip().equals(majMin)) {
            return Optional.of(d.getFileName().toString());
          }
        } catch (NoSuchFileException e) {
          // Not a device directory.
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The CPU temperature in °C: the thermal zone whose type names the CPU or SoC, else zone 0, else
   * a hwmon chip known to be the CPU's (coretemp, k10temp, cpu_thermal).
   */
  public Optional<Double> cpuTemperature() throws IOException {
    Optional<Path> s = sensor;
    if (s == null) {
      s = findSensor();
      sensor = s;
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(milli(s.get()));
    } catch (NoSuchFileException e) {
      // The zone went away (driver unloaded): look again next time.
      sensor = null;
      return Optional.empty();
    }
  }

  private Optional<Path> findSensor() throws IOException {
    List<Path> zones = list(root.resolve("class/thermal"), "thermal_zone");
    Path pick = null;
    for (Path z : zones) {
      String type = readOr(z.resolve("type"), "").toLowerCase(Locale.ROOT);
      if (type.contains("cpu")
          || type.contains("soc")
          || type.contains("x86_pkg")
          || type.contains("package")) {
        pick = z;
        break;
      }
    }
    if (pick == null && !zones.isEmpty()) {
      pick = zones.get(0);
    }
    if (pick != null && Files.exists(pick.resolve("temp"))) {
      return Optional.of(pick.resolve("temp"));
    }
    for (Path h : list(root.resolve("class/hwmon"), "hwmon")) {
      String name = readOr(h.resolve("name"), "").toLowerCase(Locale.ROOT);
      if ((name.equals("coretemp") || name.equals("k10temp") || name.equals("cpu_thermal"))
          && Files.exists(h.resolve("temp1_input"))) {
        return Optional.of(h.resolve("temp1_input"));
      }
    }
    return Optional.empty();
  }

  /** The Raspberry Pi firmware's throttling bits, or empty when this is not a Pi. */
  public Optional<Throttled> throttled() throws IOException {
    if (notPi) {
      return Optional.empty();
    }
    Path f = root.resolve(THROTTLED_FILE);
    String text;
    try {
      text = BoundedFiles.read(f, 256);
    } catch (NoSuchFileException e) {
      notPi = true;
      return Optional.empty();
    }
    try {
      return Optional.of(Throttled.parse(text));
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(f + ": " + e.getMessage(), e);
    }
  }

  /** The names under {@code class/net}: every interface of this network namespace, sorted. */
  public List<String> netInterfaces() throws IOException {
    List<String> out = new ArrayList<>();
    Path dir = root.resolve("class/net");
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        out.add(p.getFileName().toString());
        if (out.size() > NetDevCounters.MAX_INTERFACES) {
          break;
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** The state of interface {@code name}, or empty when it does not exist (any more). */
  public Optional<NetLink> netLink(String name) throws IOException {
    Path dir = root.resolve("class/net").resolve(name);
    if (!dir.normalize().getParent().equals(root.resolve("class/net").normalize())) {
      return Optional.empty(); // "..", "a/b": not an interface name
    }
    String state;
    String flags;
    try {
      state = BoundedFiles.read(dir.resolve("operstate"), 64);
      flags = BoundedFiles.read(dir.resolve("flags"), 64);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(NetLink.parse(state, flags));
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(dir + ": " + e.getMessage(), e);
    }
  }

  private double milli(Path f) throws IOException {
    String text = BoundedFiles.read(f, 256).strip();
    try {
      return Long.parseLong(text) / 1000.0;
    } catch (NumberFormatException e) {
      throw new MalformedDataException(
          f + ": not a temperature in m°C: \"" + Numbers.abbreviate(text) + "\"");
    }
  }

  private static String readOr(Path f, String def) {
    try {
      return BoundedFiles.read(f, 256).strip();
    } catch (IOException e) {
      return def;
    }
  }

  /**
   * Entries of {@code dir} whose name starts with {@code prefix}, in numeric order of their suffix.
   */
  private static List<Path> list(Path dir, String prefix) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
      ds.forEach(out::add);
    }
    out.sort((a, b) -> Long.compare(suffix(a, prefix), suffix(b, prefix)));
    return out;
  }

  private static long suffix(Path p, String prefix) {
    try {
      return Long.parseLong(p.getFileName().toString().substring(prefix.length()));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
