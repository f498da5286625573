"""Before the GUI starts on Linux: are the system libraries Qt's xcb platform needs there? (No Qt import.)

Without them Qt aborts with "could not load the Qt platform plugin" and a hint a mediator cannot act on;
this says in one line, in Chinese and English, which packages are missing and the apt command.
`python -m ui.platform_check` (run by `make run`) exits 1 when some are missing; with `--packages` it
prints every package of the table, for .ci/run's apt line.
"""
from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# Each library that PySide6 6.12's xcb plugin (plugins/platforms/libqxcb.so), libQt6XcbQpa, libQt6Gui,
# libQt6Core and libQt6DBus load from the system (readelf -d … NEEDED), with the Debian/Ubuntu/UOS package
# that ships it. Base libraries every system has (libc, libstdc++, zlib, zstd) are left out; ICU comes
# inside the wheel. libxcb-xinerama0 is no longer needed by Qt 6. tests/ui/test_platform_check.py checks
# this list against the installed Qt.
QT_XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    # On Debian 13 and Ubuntu 24.04 the package is libglib2.0-0t64; apt takes this name for it.
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}


def qt_packages() -> list[str]:
    """Every package of the table, once each, in its order."""
    return list(dict.fromkeys(QT_XCB_LIBRARIES.values()))


def _loadable(soname: str) -> bool:
    # dlopen searches exactly where Qt's loader will (LD_LIBRARY_PATH, the ldconfig cache, /lib, /usr/lib)
    # and fails when the library or one of its own dependencies is missing: no guess from file names.
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _needs_xcb(environ: Mapping[str, str], platform: str) -> bool:
    if not platform.startswith("linux"):
        return False  # Windows and macOS wheels carry their platform plugins' dependencies
    # QT_QPA_PLATFORM may list fall-backs ("xcb;offscreen"); only the first is tried when it works.
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    return chosen in ("", "xcb")


def missing_qt_libraries(*, loadable: Callable[[str], bool] | None = None,
                         environ: Mapping[str, str] | None = None,
                         platform: str | None = None) -> list[str]:
    """The system packages (Debian names) whose libraries Qt's xcb platform needs and cannot load.

    Empty where the check does not apply: not Linux, or QT_QPA_PLATFORM names another platform (offscreen).
    """
    if not _needs_xcb(os.environ if environ is None else environ, sys.platform if platform is None else platform):
        return []
    loadable = loadable or _loadable
    packages: list[str] = []
    for soname, package in QT_XCB_LIBRARIES.items():
        if package not in packages and not loadable(soname):
            packages.append(package)
    return packages


def missing_message(packages: list[str]) -> str:
    """One line, Chinese then English: which packages are missing and the command that installs them."""
    sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
    command = f"{sudo}apt-get install {' '.join(packages)}"
    return (f"缺少图形界面所需的系统软件包 {'、'.join(packages)}，请运行 {command} / "
            f"Missing system packages the window needs ({', '.join(packages)}); install them with: {command}")


def ready() -> bool:
    """Before any window: True, or False after saying in one line what to install (Qt would abort)."""
    missing = missing_qt_libraries()
    if missing:
        print(missing_message(missing), file=sys.stderr)
    return not missing


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv) == ["--packages"]:
        print(" ".join(qt_packages()))
        return 0
    return 0 if ready() else 1


if __name__ == "__main__":
    sys.exit(main())
