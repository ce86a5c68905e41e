package io.botasky.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockDevicesTest {
  @Test
  void aPartitionBelongsToItsDisk() {
    assertThat(BlockDevices.diskOf("mmcblk0p2")).isEqualTo("mmcblk0");
    assertThat(BlockDevices.diskOf("nvme0n1p3")).isEqualTo("nvme0n1");
    assertThat(BlockDevices.diskOf("sda1")).isEqualTo("sda");
    assertThat(BlockDevices.diskOf("sdaa12")).isEqualTo("sdaa");
    assertThat(BlockDevices.diskOf("vdb2")).isEqualTo("vdb");
    assertThat(BlockDevices.diskOf("xvda1")).isEqualTo("xvda");
    assertThat(BlockDevices.diskOf("md0p1")).isEqualTo("md0");
  }

  @Test
  void wholeDisksAndVolumesAreTheirOwnDisk() {
    assertThat(BlockDevices.diskOf("sdb")).isEqualTo("sdb");
    assertThat(BlockDevices.diskOf("mmcblk0")).isEqualTo("mmcblk0");
    assertThat(BlockDevices.diskOf("md0")).isEqualTo("md0");
    assertThat(BlockDevices.diskOf("dm-0")).isEqualTo("dm-0");
    assertThat(BlockDevices.diskOf("mapper/vg0-root")).isEqualTo("mapper/vg0-root");
    assertThat(BlockDevices.diskOf("root")).isEqualTo("root");
  }

  @Test
  void mountinfoGivesEachMountPointsDeviceNumber() {
    String text =
        "22 1 179:2 / / rw,noatime shared:1 - ext4 /dev/root rw\n"
            + "31 22 8:1 / /mnt/usb\\040disk rw,relatime shared:3 - ext4 /dev/sda1 rw\n"
            + "garbage\n"
            + "40 22 8:1 /srv /srv/bind rw - ext4 /dev/sda1 rw\n";
    assertThat(BlockDevices.devNumbers(text))
        .isEqualTo(Map.of("/", "179:2", "/mnt/usb disk", "8:1", "/srv/bind", "8:1"));
  }
}
