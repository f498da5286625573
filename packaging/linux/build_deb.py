"""Package the one-folder build as a .deb for UOS, Kylin, deepin, Debian and Ubuntu (dpkg-deb, no network).

`python packaging/linux/build_deb.py dist/mediation-station --out dist` writes
dist/mediation-station_<version>_<arch>.deb: the folder under /opt/mediation-station, `mediation-station` and
`mediation-station-county` in /usr/bin, two menu entries (调解工作站, 县级调解数据中心) with the icon, and
Depends on the system libraries Qt's window needs (ui/platform_check.py's table, the same list `make run`
checks), CUPS for printing, and the C library the build was made against. The architecture is the build
machine's (`dpkg --print-architecture`): build on an arm64 machine for arm64 (packaging/linux/README.md).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
from ui.platform_check import qt_packages  # noqa: E402  (standard library only, no Qt)

PACKAGE = "mediation-station"
PREFIX = Path("opt") / PACKAGE
# Debian 13 and Ubuntu 24.04 renamed these (the 64-bit time_t transition); either name satisfies the package.
RENAMED = {"libglib2.0-0": "libglib2.0-0 | libglib2.0-0t64", "libcups2": "libcups2 | libcups2t64"}

POSTINST = """#!/bin/sh
set -e
# The menus and icon themes read caches: refresh them where the tools exist (not every desktop has both).
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""

POSTRM = """#!/bin/sh
set -e
# Removing (even purging) the package deletes only what it installed: /opt/mediation-station, the two
# commands, the menu entries and the icon. The stations' data is never here: each user's database, its
# backups, keys and settings live in that user's data folder (~/.local/share/MediationStation and
# ~/.config/MediationStation, or the --db / MEDIATION_STATION_DB file chosen), which the package never
# touches, so a reinstall or a newer version finds them as they were (a newer version migrates the database
# after a backup copy).
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""

COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: mediation-station (调解工作站)

Files: *
License: GPL-3.0-or-later
 On Debian systems the full text is in /usr/share/common-licenses/GPL-3.

Files: opt/mediation-station/_internal/resources/fonts/*
License: Arphic-Public-License and GPL-2 with font embedding exception
 AR PL UMing and WenQuanYi Zen Hei, unchanged from Debian 12; their licences and Debian's copyright files
 are beside them (ARPHICPL.TXT, GPL-2, uming.copyright, wqy-zenhei.copyright, README).

Files: opt/mediation-station/_internal/*
License: various free licences
 Python, Qt (LGPL-3), PySide6 (LGPL-3) and the Python packages listed in requirements/lock.txt of the source,
 each under its own licence.
"""


def version_of(build: Path) -> str:
    return (build / "_internal" / "resources" / "VERSION").read_text(encoding="utf-8").strip()


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def glibc_needed(build: Path) -> str:
    """The newest GLIBC_x.y symbol version any binary of the build asks for: the package's libc6 floor."""
    newest = (2, 17)
    for path in build.rglob("*"):
        if path.is_file() and not path.is_symlink() and (path.suffix == ".so" or ".so." in path.name
                                                         or os.access(path, os.X_OK)):
            out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
            for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", out):
                newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def depends(build: Path) -> str:
    packages = [*qt_packages(), "libcups2"]
    return ", ".join([f"libc6 (>= {glibc_needed(build)})", *(RENAMED.get(p, p) for p in packages)])


def installed_size_kib(root: Path) -> int:
    return sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir()) // 1024 + 1


def write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def normalise_modes(root: Path) -> None:
    """Directories 0755, files 0644 or 0755 when executable: whatever umask the build ran with."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644)


def stage(build: Path, root: Path, version: str, arch: str) -> None:
    app = root / PREFIX
    shutil.copytree(build, app, symlinks=True)
    shutil.copy2(HERE / "mediation-station-county", app / "mediation-station-county")
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for command in ("mediation-station", "mediation-station-county"):
        (bin_dir / command).symlink_to(Path("/") / PREFIX / command)
    share = root / "usr" / "share"
    for entry in ("mediation-station.desktop", "mediation-station-county.desktop"):
        write(share / "applications" / entry, (HERE / entry).read_text(encoding="utf-8"))
    subprocess.run([sys.executable, str(ROOT / "packaging" / "icons.py"), str(share / "icons")], check=True)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "mediation-station.svg", scalable)
    (share / "icons" / "mediation-station.ico").unlink()          # Windows only
    write(share / "doc" / PACKAGE / "copyright", COPYRIGHT)
    shutil.copy2(HERE / "README.md", share / "doc" / PACKAGE / "README")
    normalise_modes(root)
    control = "\n".join([
        f"Package: {PACKAGE}",
        f"Version: {version}",
        f"Architecture: {arch}",
        "Maintainer: Mediation Station developers <mediation-station@invalid>",
        f"Installed-Size: {installed_size_kib(root)}",
        f"Depends: {depends(build)}",
        "Section: misc",
        "Priority: optional",
        "Description: 调解工作站 — offline case register for people's mediation committees",
        " Registers disputes, follows them through mediation to the agreement, prints the national",
        " documents with embedded fonts and sends the weekly report to the county, without a network.",
        " Includes its own Python, Qt and Chinese fonts; the county window (县级调解数据中心) is a second",
        " menu entry.",
    ]) + "\n"
    write(root / "DEBIAN" / "control", control)
    write(root / "DEBIAN" / "postinst", POSTINST, 0o755)
    write(root / "DEBIAN" / "postrm", POSTRM, 0o755)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="the one-folder build (dist/mediation-station)")
    parser.add_argument("--out", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    version, arch = version_of(args.build), architecture()
    target = args.out / f"{PACKAGE}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="deb-") as tmp:
        root = Path(tmp) / "root"
        stage(args.build, root, version, arch)
        # xz, which every dpkg reads (zstd needs dpkg 1.21.18), at level 1: 74 MB in a minute where the
        # default level makes 67 MB in five on two shared cores. Owned by root whoever builds.
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z1", "--build", str(root), str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
