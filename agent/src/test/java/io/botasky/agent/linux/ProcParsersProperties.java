package io.botasky.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.botasky.agent.testkit.HostileText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Every parser of /proc, /sys and /etc files: any text gives a value that makes sense, or an
 * IllegalArgumentException (which ProcFs, SysFs and EtcFs turn into a failed probe round), never
 * another exception and never a negative count or a share outside 0–100.
 */
class ProcParsersProperties {

  /** Runs the parser; null when it refused the text with an IllegalArgumentException. */
  private static <T> T parsedOrRefused(String text, Function<String, T> parser) {
    try {
      T t = parser.apply(text);
      Statistics.collect("parsed");
      return t;
    } catch (IllegalArgumentException e) {
      Statistics.collect("refused");
      assertThat(e.getMessage()).isNotBlank();
      return null;
    }
  }

  @Property
  void wholeNumbersAreAsciiDigitsUpToTwoToThe53(@ForAll("numbers") String s) {
    Long n = parsedOrRefused(s, t -> Numbers.whole(t, "field"));
    if (n != null) {
      assertThat(n).isBetween(0L, (1L << 53) - 1);
      assertThat(s).matches("[0-9]+");
      assertThat(new java.math.BigInteger(s)).isEqualTo(java.math.BigInteger.valueOf(n));
    }
  }

  @Property
  void fieldsNeverHoldWhitespaceAndAreNeverEmptyArrays(@ForAll("anyText") String s) {
    String[] f = Numbers.fields(s);
    assertThat(f).isNotEmpty();
    for (String x : f) {
      assertThat(x.chars().noneMatch(Character::isWhitespace)).isTrue();
    }
  }

  @Property
  void limitedFieldsAreTheFirstOfAllFields(
      @ForAll("anyText") String s,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 30) int limit) {
    String[] all = Numbers.fields(s);
    assertThat(Numbers.fields(s, limit))
        .containsExactly(java.util.Arrays.copyOf(all, Math.min(limit, all.length)));
  }

  @Property
  void meminfo(@ForAll("meminfoText") String text) {
    MemInfo m = parsedOrRefused(text, MemInfo::parse);
    if (m != null) {
      assertThat(m.total()).isPositive();
      assertThat(m.free()).isNotNegative();
      assertThat(m.available()).isBetween(0L, m.total());
      assertThat(m.usedPercent()).isBetween(0.0, 100.0);
    }
  }

  @Property
  void procStat(@ForAll("cpuText") String text) {
    CpuStat c = parsedOrRefused(text, CpuStat::parse);
    if (c != null) {
      assertThat(c.idle()).isNotNegative().isLessThanOrEqualTo(c.total());
      assertThat(c.cpus()).isPositive();
      assertThat(c.usagePercentSince(new CpuStat(0, 0, 1))).isBetween(0.0, 100.0);
    }
  }

  @Property
  void loadavgAndUptime(@ForAll("loadText") String text) {
    LoadAvg l = parsedOrRefused(text, LoadAvg::parse);
    if (l != null) {
      assertThat(List.of(l.load1(), l.load5(), l.load15()))
          .allSatisfy(d -> assertThat(d).isFinite());
    }
    Uptime u = parsedOrRefused(text, Uptime::parse);
    if (u != null) {
      assertThat(u.sinceBoot().isNegative()).isFalse();
      assertThat(u.pretty()).startsWith("up");
    }
  }

  @Property
  void processStat(@ForAll("pidStatText") String text) {
    ProcessStat s = parsedOrRefused(text, ProcessStat::parse);
    if (s != null) {
      assertThat(s.pid()).isPositive();
      assertThat(s.ticks()).isNotNegative();
      assertThat(s.rssPages()).isNotNegative();
      assertThat(s.startTicks()).isNotNegative();
    }
  }

  @Property
  void processStatus(@ForAll("statusText") String text) {
    long[] s = parsedOrRefused(text, ProcessInfo::parseStatus);
    if (s != null) {
      assertThat(s[0]).isGreaterThanOrEqualTo(-1);
      assertThat(s[1]).isNotNegative();
    }
    ProcessInfo.parseCmdline(text.getBytes(StandardCharsets.UTF_8));
  }

  @Property
  void mountsAndMountinfo(@ForAll("mountText") String text) {
    List<MountEntry> m = parsedOrRefused(text, MountEntry::parse);
    if (m != null) {
      MountEntry.realFilesystems(m).forEach(e -> BlockDevices.diskOf(e.device()));
    }
    assertThat(BlockDevices.devNumbers(text).values())
        .allSatisfy(v -> assertThat(v).matches("\\d+:\\d+"));
  }

  @Property
  void etcFiles(@ForAll("etcText") String text) {
    parsedOrRefused(text, PasswdEntry::parse);
    parsedOrRefused(text, GroupEntry::parse);
    parsedOrRefused(text, OsRelease::parse);
    Throttled t = parsedOrRefused(text, Throttled::parse);
    if (t != null) {
      t.nowWords();
    }
  }

  @Property(tries = 300)
  void loginRecords(@ForAll("utmp") byte[] data) {
    try {
      List<LoginRecord> r = LoginRecord.parse(data);
      assertThat(r).hasSize(data.length / LoginRecord.SIZE);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("ut_type");
    }
  }

  // ---- generators ----------------------------------------------------------------------------

  @Provide
  Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        HostileText.number(),
        Arbitraries.of(
            "9007199254740991",
            "9007199254740992",
            "18446744073709551615",
            "-0",
            "+0",
            "\u0663",
            "1\u0663"));
  }

  @Provide
  Arbitrary<String> anyText() {
    return HostileText.string(60);
  }

  @Provide
  Arbitrary<String> meminfoText() {
    return HostileText.lines(
        List.of(
            "MemTotal:        3884332 kB",
            "MemFree:          214560 kB",
            "MemAvailable:    2706248 kB",
            "Buffers:          123456 kB",
            "Cached:          2243884 kB",
            "SwapTotal:       102396 kB",
            "MemTotal: 9007199254740991 kB",
            "MemAvailable: 18446744073709551615 kB",
            "MemFree: -5 kB"));
  }

  @Provide
  Arbitrary<String> cpuText() {
    return HostileText.lines(
        List.of(
            "cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0",
            "cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0",
            "cpu1 1 2 3 4",
            "intr 1 2 3",
            "ctxt 1990473",
            "cpu  9007199254740991 9007199254740991 0 9007199254740991 9007199254740991 1 1 1",
            "cpu  1 1 1 -5 -5"));
  }

  @Provide
  Arbitrary<String> loadText() {
    return HostileText.lines(
        List.of(
            "0.40 0.23 0.11 1/186 9352",
            "350735.47 234388.73",
            "1e308 1e309 NaN 1/1 1",
            "-1 -2 -3"));
  }

  @Provide
  Arbitrary<String> pidStatText() {
    return HostileText.lines(
        List.of(
            "1 (systemd) S 1 1 1 0 -1 4194560 100 0 0 0 500 3 0 0 20 0 1 0 1 12345678 2500"
                + " 18446744073709551615 0 0",
            "9354 (a b) c)) R 9348 9354 9348 34817 9354 4194304 95 0 0 0 0 0 0 0 20 0 1 0 2134"
                + " 5615616 182 1 0",
            "4294967297 (x) R 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 1 1",
            "9007199254740991 (x) R 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 1 1",
            "0 (x) Z 1 1 1 0 -1 0 0 0 0 0 9007199254740991 9007199254740991 0 0 20 0 1 0 1 1 -1"
                + " 1"));
  }

  @Provide
  Arbitrary<String> statusText() {
    return HostileText.lines(
        List.of(
            "Name:\tsshd",
            "Uid:\t0\t0\t0\t0",
            "Uid:\t1000\t1000",
            "VmRSS:\t   10000 kB",
            "VmRSS:\t9007199254740991 kB",
            "Uid:",
            "VmRSS:"));
  }

  @Provide
  Arbitrary<String> mountText() {
    return HostileText.lines(
        List.of(
            "/dev/root / ext4 rw,noatime 0 0",
            "/dev/sda1 /mnt/my\\040disk ext4 rw 0 0",
            "/dev/loop0 /snap/core squashfs ro 0 0",
            "/dev/mmcblk0p1 /boot/firmware vfat rw 0 0",
            "22 1 179:2 / / rw,noatime shared:1 - ext4 /dev/root rw",
            "25 22 179:1 / /boot/a\\134 rw - vfat /dev/x rw",
            "/dev/sdb \\0 ext4",
            "x y"));
  }

  @Provide
  Arbitrary<String> etcText() {
    return HostileText.lines(
        List.of(
            "root:x:0:0:root:/root:/bin/bash",
            "pi:x:1000:1000:,,,:/home/pi:/bin/bash",
            "nobody:x:4294967294:4294967294::/:/usr/sbin/nologin",
            "sudo:x:27:pi,admin",
            "+::::::",
            "# comment",
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"",
            "NAME=Debian",
            "VERSION='12'",
            "PRETTY_NAME=\"",
            "throttled=0x50005",
            "0x80008",
            "ffffffffff"));
  }

  @Provide
  Arbitrary<byte[]> utmp() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * LoginRecord.SIZE + 7);
  }
}
