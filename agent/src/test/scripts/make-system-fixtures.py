#!/usr/bin/env python3
"""Writes the /proc, /sys, /etc, /run, /var/log fixture trees of the system probes.

Scenarios (agent/src/test/resources/fixtures/<name>/):
  basic      a 4-core x86 Debian host, package thermal zone, two users online
  rpi        a Raspberry Pi 3 (1 GB) with cpu-thermal at 62 C and get_throttled = 0x50005
  hot        a Pi at 78 C with a busy process (100 % CPU) and a memory hog (60 %)
  malformed  garbage in loadavg, stat, meminfo, a pid's stat, passwd and utmp
  partial    an old kernel: no MemAvailable, 4-field cpu line, no thermal zone, no utmp
A file named X.stepN replaces X when the test sleeper is called for the N-th time, so two
readings of /proc/stat or of a process 0.5 s or 5 s apart can differ.
Binary utmp/wtmp records use glibc's 384-byte struct utmp, little-endian.
Run from the repository root: python3 agent/src/test/scripts/make-system-fixtures.py
"""
import os
import shutil
import struct

ROOT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")
T0 = 1763700000  # 2025-11-21T04:40:00Z


def w(base, rel, text, mode="w"):
    p = os.path.join(base, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, mode) as f:
        f.write(text)


def utmp(records):
    out = b""
    for typ, pid, line, user, host, sec in records:
        b = bytearray(384)
        struct.pack_into("<hxxi", b, 0, typ, pid)
        b[8:8 + len(line)] = line.encode()
        b[44:44 + len(user)] = user.encode()
        b[76:76 + len(host)] = host.encode()
        struct.pack_into("<ii", b, 340, sec, 0)
        out += bytes(b)
    return out


def stat_line(pid, comm, state, utime, stime, start, rss):
    f = [str(pid), "(" + comm + ")", state, "1", str(pid), str(pid), "0", "-1", "4194560", "100", "0", "0", "0",
         str(utime), str(stime), "0", "0", "20", "0", "1", "0", str(start), "12345678", str(rss)]
    f += ["18446744073709551615"] + ["0"] * 27
    return " ".join(f) + "\n"


def process(base, pid, comm, cmd, uid, utime, start, rss_pages, state="S", steps=()):
    w(base, "proc/%d/stat" % pid, stat_line(pid, comm, state, utime, 3, start, rss_pages))
    for i, ut in enumerate(steps, 1):
        w(base, "proc/%d/stat.step%d" % (pid, i), stat_line(pid, comm, "R", ut, 3, start, rss_pages))
    w(base, "proc/%d/status" % pid,
      "Name:\t%s\nState:\t%s (sleeping)\nPid:\t%d\nUid:\t%d\t%d\t%d\t%d\nVmRSS:\t%8d kB\n" % (
          comm, state, pid, uid, uid, uid, uid, rss_pages * 4))
    w(base, "proc/%d/cmdline" % pid, "\0".join(cmd) + "\0")


PASSWD = """root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
mysql:x:109:117:MySQL Server,,,:/nonexistent:/bin/false
pi:x:1000:1000:,,,:/home/pi:/bin/bash
zq:x:1001:1001:,,,:/home/zq:/bin/bash
suyelu:x:1002:1002:,,,:/home/suyelu:/bin/bash
backup:x:1003:1003::/home/backup:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
"""
GROUP = """root:x:0:
sudo:x:27:pi,zq
adm:x:4:pi
pi:x:1000:
zq:x:1001:
suyelu:x:1002:
"""
WTMP = [
    (2, 0, "~", "reboot", "6.1.21-v8+", T0 - 86400),
    (7, 812, "pts/0", "pi", "192.168.1.20", T0 - 7200),
    (8, 812, "pts/0", "", "", T0 - 7000),
    (7, 901, "pts/1", "zq", "10.0.0.5", T0 - 3600),
    (7, 933, "pts/0", "suyelu", "192.168.1.31", T0 - 600),
    (7, 950, "tty1", "pi", "", T0 - 300),
]
UTMP = [
    (2, 0, "~", "reboot", "6.1.21-v8+", T0 - 86400),
    (1, 53, "~", "runlevel", "6.1.21-v8+", T0 - 86390),
    (6, 610, "tty1", "LOGIN", "", T0 - 86380),
    (7, 901, "pts/1", "zq", "10.0.0.5", T0 - 3600),
    (7, 933, "pts/0", "suyelu", "192.168.1.31", T0 - 600),
]


def common(base, hostname, kernel, os_pretty, load, cpus, stat0, stat1, mem, mounts, statfs, uptime):
    w(base, "proc/loadavg", load + " 1/123 4567\n")
    cpu_lines = lambda s: "cpu  " + s + "\n" + "".join("cpu%d %s\n" % (i, s) for i in range(cpus)) + \
        "intr 123456 0 0\nctxt 987654\nbtime %d\nprocesses 4567\nprocs_running 2\nprocs_blocked 0\n" % (T0 - 86400)
    w(base, "proc/stat", cpu_lines(stat0))
    w(base, "proc/stat.step1", cpu_lines(stat1))
    w(base, "proc/meminfo", mem)
    w(base, "proc/uptime", uptime + " 1000000.00\n")
    w(base, "proc/mounts", mounts)
    w(base, "proc/sys/kernel/hostname", hostname + "\n")
    w(base, "proc/sys/kernel/osrelease", kernel + "\n")
    w(base, "proc/self/smaps", "55d0c0a00000-55d0c0a28000 r--p 00000000 fe:00 1234 /usr/bin/java\nSize: 160 kB\n"
      "KernelPageSize:        4 kB\nMMUPageSize:           4 kB\n")
    w(base, "statfs.txt", statfs)
    w(base, "etc/passwd", PASSWD)
    w(base, "etc/group", GROUP)
    w(base, "etc/os-release", 'PRETTY_NAME="%s"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n' % os_pretty)
    w(base, "run/utmp", utmp(UTMP), "wb")
    w(base, "log/wtmp", utmp(WTMP), "wb")


MOUNTS_PI = """/dev/root / ext4 rw,noatime 0 0
devtmpfs /dev devtmpfs rw,relatime,size=340460k 0 0
proc /proc proc rw,relatime 0 0
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev,size=188064k,mode=755 0 0
/dev/mmcblk0p1 /boot/firmware vfat rw,relatime,fmask=0022 0 0
/dev/sda1 /mnt/usb\\040disk ext4 rw,relatime 0 0
/dev/loop0 /snap/core/1 squashfs ro 0 0
/dev/sda1 /srv/bind ext4 rw,relatime 0 0
"""
STATFS_PI = """# mount total free available (bytes), as statvfs gives them
/ 31268536320 12884901888 11274289152
/boot/firmware 268435456 213909504 213909504
/mnt/usb disk 62914560000 52428800000 49283072000
"""
MEM_PI = """MemTotal:         948304 kB
MemFree:          102400 kB
MemAvailable:     204800 kB
Buffers:           20480 kB
Cached:           307200 kB
SwapTotal:        102396 kB
"""


def basic():
    b = os.path.join(ROOT, "basic")
    common(b, "web1", "6.1.0-18-amd64", "Debian GNU/Linux 12 (bookworm)", "0.52 0.58 0.59", 4,
           "10000 200 3000 80000 500 0 100 0 0 0", "10040 200 3010 80140 510 0 100 0 0 0",
           """MemTotal:        8048576 kB
MemFree:         1048576 kB
MemAvailable:    3145728 kB
Buffers:          204800 kB
Cached:          2097152 kB
""",
           """/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=804860k,mode=755 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime 0 0
/dev/nvme0n1p3 /home ext4 rw,relatime 0 0
""",
           """/ 105089261568 52544630784 47176921088
/boot/efi 535805952 529530880 529530880
/home 402653184000 80530636800 60397977600
""", "273612.45")
    w(b, "sys/class/thermal/thermal_zone0/type", "acpitz\n")
    w(b, "sys/class/thermal/thermal_zone0/temp", "27800\n")
    w(b, "sys/class/thermal/thermal_zone1/type", "x86_pkg_temp\n")
    w(b, "sys/class/thermal/thermal_zone1/temp", "45678\n")
    process(b, 1, "systemd", ["/sbin/init"], 0, 900, 1, 3000)
    process(b, 2, "kthreadd", [], 0, 0, 1, 0)
    process(b, 612, "sshd", ["/usr/sbin/sshd", "-D"], 0, 40, 500, 2000)
    process(b, 1777, "java", ["/usr/bin/java", "-Xmx32m", "io.botasky.agent.Boagent"], 1000, 300, 9000, 9000,
            steps=(310, 320))


def rpi():
    b = os.path.join(ROOT, "rpi")
    common(b, "pi3", "6.1.21-v8+", "Raspbian GNU/Linux 11 (bullseye)", "1.20 0.95 0.80", 4,
           "50000 0 20000 400000 1000 0 500 0 0 0", "50120 0 20040 400030 1010 0 500 0 0 0",
           MEM_PI, MOUNTS_PI, STATFS_PI, "86400.00")
    w(b, "sys/class/thermal/thermal_zone0/type", "cpu-thermal\n")
    w(b, "sys/class/thermal/thermal_zone0/temp", "62302\n")
    w(b, "sys/devices/platform/soc/soc:firmware/get_throttled", "50005\n")
    process(b, 1, "systemd", ["/sbin/init", "splash"], 0, 500, 1, 2500)
    process(b, 480, "mysqld", ["/usr/sbin/mysqld"], 109, 8000, 300, 20000, steps=(8010, 8020))


def hot():
    b = os.path.join(ROOT, "hot")
    common(b, "pi3", "6.1.21-v8+", "Raspbian GNU/Linux 11 (bullseye)", "3.95 3.10 2.20", 4,
           "50000 0 20000 400000 1000 0 500 0 0 0", "50190 0 20005 400005 1000 0 500 0 0 0",
           MEM_PI, MOUNTS_PI, STATFS_PI, "3725.00")
    w(b, "sys/class/thermal/thermal_zone0/type", "cpu-thermal\n")
    w(b, "sys/class/thermal/thermal_zone0/temp", "78214\n")
    w(b, "sys/devices/platform/soc/soc:firmware/get_throttled", "0\n")
    process(b, 1, "systemd", ["/sbin/init", "splash"], 0, 500, 1, 2500)
    # 500 ticks per 5 s = 100 % of one core, at both windows.
    process(b, 4242, "burn cpu", ["python3", "-c", "while True: pass"], 1001, 1000, 7000, 2000, state="R",
            steps=(1500, 2000))
    # 60 % of memory: 948304 kB * 0.6 / 4 kB = 142245 pages.
    process(b, 4300, "leaky", ["/opt/leaky/bin/leaky", "--serve"], 1002, 100, 7100, 142245, steps=(101, 102))
    # Busy in the first window only: a candidate that calms down is not runaway.
    process(b, 4400, "make", ["make", "-j4"], 1000, 100, 7200, 5000, steps=(450, 452))


def malformed():
    b = os.path.join(ROOT, "malformed")
    common(b, "pi3", "6.1.21-v8+", "Raspbian GNU/Linux 11 (bullseye)", "1.20 0.95 0.80", 4,
           "50000 0 20000 400000 1000 0 500 0 0 0", "50120 0 20040 400030 1010 0 500 0 0 0",
           MEM_PI, MOUNTS_PI, STATFS_PI, "86400.00")
    w(b, "proc/loadavg", "1.20 zero 0.80 1/123 4567\n")
    w(b, "proc/stat", "cpu  50000 0 2000")  # truncated mid-line
    w(b, "proc/stat.step1", "cpu  50000 0 2000")
    w(b, "proc/meminfo", "MemFree:          102400 kB\nMemAvailable:     banana kB\n")
    w(b, "proc/uptime", "\n")
    w(b, "proc/mounts", "/dev/root\n")
    w(b, "etc/passwd", PASSWD + "broken line without colons\n")
    w(b, "run/utmp", utmp(UTMP)[:384] + b"\x63" + bytes(383), "wb")
    w(b, "sys/class/thermal/thermal_zone0/type", "cpu-thermal\n")
    w(b, "sys/class/thermal/thermal_zone0/temp", "hot\n")
    w(b, "sys/devices/platform/soc/soc:firmware/get_throttled", "throttled=0xZZ\n")
    process(b, 1, "systemd", ["/sbin/init"], 0, 500, 1, 2500)
    w(b, "proc/77/stat", "77 (half")


def partial():
    b = os.path.join(ROOT, "partial")
    common(b, "old", "3.2.0-4-686-pae", "unused", "0.10 0.05 0.01", 1,
           "1000 0 500 90000", "1010 0 505 90035",
           """MemTotal:         514048 kB
MemFree:          102400 kB
Buffers:           51200 kB
Cached:           153600 kB
""",
           "/dev/sda1 / ext3 rw,relatime 0 0\nproc /proc proc rw 0 0\n",
           "/ 8589934592 4294967296 3865470566\n", "59.99")
    os.remove(os.path.join(b, "run/utmp"))
    w(b, "etc/os-release", 'NAME="Debian GNU/Linux"\nVERSION="7 (wheezy)"\n')
    process(b, 1, "init", ["init [2]"], 0, 100, 1, 200)


for name in ["basic", "rpi", "hot", "malformed", "partial"]:
    shutil.rmtree(os.path.join(ROOT, name), ignore_errors=True)
basic()
rpi()
hot()
malformed()
partial()
