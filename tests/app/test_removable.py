"""Is the data folder on a removable disk? Read from the mount table and the kernel's view of the disk."""
from __future__ import annotations

from pathlib import Path

from app.removable import linux_removable

MOUNTS = """/dev/sda2 / ext4 rw 0 0
/dev/sdb1 /media/mediator/U\\040盘 vfat rw 0 0
/dev/mmcblk0p1 /mnt/card vfat rw 0 0
/dev/sdc1 /mnt/usbdisk ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


def sys_block(tmp_path: Path) -> Path:
    root = tmp_path / "sys" / "block"
    for disk, removable in (("sda", "0"), ("sdb", "1"), ("mmcblk0", "1"), ("sdc", "0")):
        (root / disk).mkdir(parents=True)
        (root / disk / "removable").write_text(removable + "\n")
    return root


def test_removable_media_and_the_own_disk(tmp_path):
    block = sys_block(tmp_path)
    assert linux_removable(Path("/media/mediator/U 盘/调解站"), MOUNTS, block)
    assert linux_removable(Path("/mnt/card/data"), MOUNTS, block)
    assert not linux_removable(Path("/home/mediator/.local/share/MediationStation"), MOUNTS, block)
    assert not linux_removable(Path("/tmp/x"), MOUNTS, block)             # not a /dev device


def test_a_usb_hard_disk_counts_although_it_reports_fixed(tmp_path):
    block = sys_block(tmp_path)
    usb = tmp_path / "devices" / "pci0000:00" / "usb2" / "2-1" / "sdc"
    usb.mkdir(parents=True)
    (usb / "removable").write_text("0\n")
    (block / "sdc" / "removable").unlink()
    (block / "sdc").rmdir()
    (block / "sdc").symlink_to(usb)
    assert linux_removable(Path("/mnt/usbdisk/data"), MOUNTS, block)
