"""Is a folder on a removable disk (a USB stick, a card)? The live database must not be: a stick pulled out
mid-write, or lost, takes the station's records with it. Backups belong there, the database does not."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path


def is_removable(path: Path) -> bool:
    try:
        if sys.platform == "win32":
            return _windows_removable(Path(path))
        if sys.platform.startswith("linux"):
            return linux_removable(Path(path), Path("/proc/mounts").read_text(), Path("/sys/block"))
    except OSError:
        pass
    return False


def _windows_removable(path: Path) -> bool:
    import ctypes

    drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
    return ctypes.windll.kernel32.GetDriveTypeW(drive) == 2      # DRIVE_REMOVABLE


def linux_removable(path: Path, mounts: str, sys_block: Path) -> bool:
    """The device of the longest mount point above path, and what the kernel says of its disk: removable
    media, or a disk that hangs off a USB bus (USB hard disks report removable=0)."""
    target = str(Path(path).resolve())
    best, device = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 2 or not fields[0].startswith("/dev/"):
            continue
        point = fields[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, device = point, fields[0]
    if not device:
        return False
    name = os.path.basename(os.path.realpath(device)) if os.path.exists(device) else os.path.basename(device)
    disk = re.sub(r"(?<=\d)p\d+$|(?<=[a-z])\d+$", "", name)      # sdb1 → sdb, mmcblk0p1 → mmcblk0
    block = sys_block / disk
    if (block / "removable").is_file() and (block / "removable").read_text().strip() == "1":
        return True
    return "/usb" in os.path.realpath(block)
