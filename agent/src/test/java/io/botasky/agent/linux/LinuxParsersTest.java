package io.botasky.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Table-driven tests of the pure parsers: empty, truncated, malformed, valid. */
class LinuxParsersTest {

  @Test
  void loadAvgValid() {
    assertThat(LoadAvg.parse("0.40 0.23 0.11 1/186 9352\n"))
        .isEqualTo(new LoadAvg(0.40, 0.23, 0.11));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "0.40 0.23", "0.40 x 0.11 1/1 1", "NaN 1 1 1/1 1"})
  void loadAvgGarbage(String text) {
    assertThatThrownBy(() -> LoadAvg.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cpuStatUsageBetweenTwoReadings() {
    CpuStat a = CpuStat.parse("cpu  100 0 100 700 100 0 0 0 50 0\ncpu0 1 1 1 1\ncpu1 1 1 1 1\n");
    CpuStat b = CpuStat.parse("cpu  150 0 150 750 150 0 0 0 90 0\n");
    assertThat(a.cpus()).isEqualTo(2);
    assertThat(a.total()).as("guest is inside user already").isEqualTo(1000);
    assertThat(b.usagePercentSince(a)).isEqualTo(50.0);
    assertThat(a.usagePercentSince(a)).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "intr 1 2 3\n",
        "cpu  1 2\n",
        "cpu  1 2 x 4\n",
        "cpu  1 1 1 -5 -5\n",
        "cpu  1 +1 1 1\n",
        "cpu  1 1 1 \u0663\n"
      })
  void cpuStatGarbage(String text) {
    assertThatThrownBy(() -> CpuStat.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void memInfoPrefersMemAvailable() {
    MemInfo m =
        MemInfo.parse("MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 400 kB\nCached: 50 kB\n");
    assertThat(m.available()).isEqualTo(400 * 1024);
    assertThat(m.usedPercent()).isEqualTo(60.0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "MemFree: 1 kB\n",
        "MemTotal: 0 kB\nMemFree: 0 kB\n",
        "MemTotal: x kB\nMemFree: 1 kB\n",
        "MemTotal: 10 kB\nMemFree: -5 kB\n",
        "MemTotal: 9007199254740992 kB\nMemFree: 1 kB\n"
      })
  void memInfoGarbage(String text) {
    assertThatThrownBy(() -> MemInfo.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void processStatWithParenthesesAndSpacesInTheName() {
    String line =
        "4242 (my (odd) name) R 1 4242 4242 0 -1 4194560 100 0 0 0 1000 3 0 0 20 0 1 0 7000 12345"
            + " 2000 18";
    ProcessStat s = ProcessStat.parse(line);
    assertThat(s).isEqualTo(new ProcessStat(4242, "my (odd) name", 'R', 1003, 2000, 7000));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "77 (half",
        "77 (x) R 1 2 3",
        "x (y) R 1 1 1 0 -1 1 1 0 0 0 1 1 0 0 20 0 1 0 1 1 1",
        "4294967297 (x) R 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 1 1",
        "0 (x) R 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 1 1"
      })
  void processStatGarbage(String text) {
    assertThatThrownBy(() -> ProcessStat.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cmdlineAndStatus() {
    assertThat(ProcessInfo.parseCmdline("/usr/sbin/sshd\0-D\0".getBytes()))
        .containsExactly("/usr/sbin/sshd", "-D");
    assertThat(ProcessInfo.parseCmdline(new byte[0])).isEmpty();
    assertThat(
            ProcessInfo.parseStatus("Name:\tx\nUid:\t1000\t1000\t1000\t1000\nVmRSS:\t  2048 kB\n"))
        .containsExactly(1000, 2048 * 1024);
  }

  @Test
  void signalsHandledFromStatusMasks() {
    // A running keepalived 2.2.7 (signals blocked for its signalfd) and a background shell before
    // its
    // exec, as /proc/PID/status showed them.
    String keepalived =
        "Name:\tkeepalived\nSigQ:\t0/96367\nSigPnd:\t0000000000000000\n"
            + "SigBlk:\t4000000800014a03\nSigIgn:\tbffffff7fffab034\nSigCgt:\t0000000000000000\n";
    String fresh =
        "Name:\tbash\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000006\n"
            + "SigCgt:\t0000000000004000\n";
    assertThat(ProcessInfo.handlesSignal(keepalived, 36)).isTrue();
    assertThat(ProcessInfo.handlesSignal(keepalived, 10)).isTrue();
    assertThat(ProcessInfo.handlesSignal(fresh, 36)).isFalse();
    assertThat(ProcessInfo.handlesSignal(fresh, 10)).isFalse();
    assertThat(ProcessInfo.handlesSignal(fresh, 15)).as("caught").isTrue();
    assertThat(ProcessInfo.handlesSignal(fresh, 2)).as("ignored").isTrue();
    assertThat(ProcessInfo.handlesSignal("Name:\tx\n", 36)).as("no masks at all").isFalse();
    assertThatThrownBy(() -> ProcessInfo.handlesSignal(keepalived, 65))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0,false,false", "50005,true,true", "0x50000,false,true", "throttled=0x4,true,false"})
  void throttledBits(String text, boolean now, boolean sinceBoot) {
    Throttled t = Throttled.parse(text);
    assertThat(t.troubleNow()).isEqualTo(now);
    assertThat(t.troubleSinceBoot()).isEqualTo(sinceBoot);
  }

  @Test
  void throttledWords() {
    assertThat(Throttled.parse("f").nowWords())
        .containsExactly(
            "under-voltage", "frequency capped", "throttled", "soft temperature limit");
    assertThatThrownBy(() -> Throttled.parse("0xZZ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mountsRealFilesystemsOncePerDevice() {
    List<MountEntry> all =
        MountEntry.parse(
            "/dev/sda1 / ext4 rw 0 0\n"
                + "proc /proc proc rw 0 0\n"
                + "/dev/sda1 /srv/bind ext4 rw 0 0\n"
                + "/dev/loop3 /snap/x squashfs ro 0 0\n"
                + "/dev/sdb1 /mnt/a\\040b ext4 rw 0 0\n");
    assertThat(MountEntry.realFilesystems(all))
        .extracting(MountEntry::mountPoint)
        .containsExactly("/", "/mnt/a b");
    assertThatThrownBy(() -> MountEntry.parse("/dev/root\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loginRecordsRoundTripAndRejectUnknownTypes() {
    LoginRecord r =
        new LoginRecord(7, 901, "pts/1", "zq", "10.0.0.5", Instant.ofEpochSecond(1763700000));
    byte[] two = new byte[LoginRecord.SIZE * 2 + 100];
    System.arraycopy(LoginRecord.encode(r), 0, two, 0, LoginRecord.SIZE);
    System.arraycopy(LoginRecord.encode(r), 0, two, LoginRecord.SIZE, LoginRecord.SIZE);
    assertThat(LoginRecord.parse(two))
        .as("a trailing partial record is ignored")
        .containsExactly(r, r);
    byte[] bad = LoginRecord.encode(r);
    bad[0] = 99;
    assertThatThrownBy(() -> LoginRecord.parse(bad)).hasMessageContaining("ut_type 99");
  }

  @Test
  void osReleaseAndUptime() {
    assertThat(
            OsRelease.parse("NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n")
                .prettyName())
        .isEqualTo("Debian GNU/Linux 12 (bookworm)");
    assertThat(OsRelease.parse("NAME='Alpine'\nVERSION=3.19\n").prettyName())
        .isEqualTo("Alpine 3.19");
    assertThatThrownBy(() -> OsRelease.parse("ID=x\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Uptime.parse("273612.45 1.0").sinceBoot()).isEqualTo(Duration.ofMillis(273612450));
    assertThat(Uptime.parse("90061").pretty()).isEqualTo("up_1_day,_1_hour,_1_minute");
    assertThatThrownBy(() -> Uptime.parse("-5")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passwdHumansAndGroups() {
    List<PasswdEntry> pw =
        PasswdEntry.parse(
            "root:x:0:0::/root:/bin/bash\n+nis\npi:x:1000:1000::/home/pi:/bin/bash\n"
                + "svc:x:1001:1001::/:/usr/sbin/nologin\n");
    assertThat(pw.stream().filter(p -> p.isHuman(1000)))
        .extracting(PasswdEntry::name)
        .containsExactly("pi");
    assertThat(GroupEntry.parse("sudo:x:27:pi, zq\nempty:x:5:\n").get(0).members())
        .containsExactly("pi", "zq");
    assertThatThrownBy(() -> GroupEntry.parse("sudo:x\n")).hasMessageContaining("line 1");
  }
}
