"""`make run`'s platform check: which Debian packages Qt's xcb platform lacks, said in one line."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui import platform_check
from ui.platform_check import QT_XCB_LIBRARIES, missing_message, missing_qt_libraries

ROOT = Path(__file__).resolve().parents[2]
X11 = {"DISPLAY": ":0"}


def test_nothing_missing_when_every_library_loads():
    assert missing_qt_libraries(loadable=lambda soname: True, environ=X11, platform="linux") == []


def test_names_the_packages_of_the_libraries_that_do_not_load():
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libglib-2.0.so.0", "libgthread-2.0.so.0"}
    missing = missing_qt_libraries(loadable=lambda soname: soname not in absent, environ=X11, platform="linux")
    # In the order of the table, each package once although glib ships two of the libraries.
    assert missing == ["libxcb-cursor0", "libxcb-icccm4", "libglib2.0-0"]


@pytest.mark.parametrize(("environ", "platform"), [
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
    ({"QT_QPA_PLATFORM": "wayland"}, "linux"),
    ({}, "win32"),
    ({}, "darwin"),
])
def test_skipped_where_the_xcb_platform_is_not_used(environ, platform):
    assert missing_qt_libraries(loadable=lambda soname: False, environ=environ, platform=platform) == []


@pytest.mark.parametrize("value", ["xcb", "xcb:nomitshm", "xcb;offscreen", ""])
def test_checked_when_xcb_is_asked_for_or_left_to_qt(value):
    missing = missing_qt_libraries(loadable=lambda soname: soname != "libEGL.so.1",
                                   environ={"QT_QPA_PLATFORM": value}, platform="linux")
    assert missing == ["libegl1"]


def test_the_message_is_one_line_in_chinese_and_english_with_the_apt_command():
    text = missing_message(["libxcb-cursor0", "libxcb-icccm4"])
    assert "\n" not in text
    assert "缺少" in text and "Missing" in text
    assert "apt-get install libxcb-cursor0 libxcb-icccm4" in text


def test_main_prints_the_line_and_fails(monkeypatch, capsys):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(platform_check, "_loadable", lambda soname: soname != "libxkbcommon-x11.so.0")
    assert platform_check.main() == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "apt-get install libxkbcommon-x11-0" in err


def test_the_real_lookup_loads_what_exists_and_not_what_does_not():
    if not sys.platform.startswith("linux"):
        pytest.skip("dlopen sonames are Linux's")
    assert platform_check._loadable("libc.so.6")
    assert not platform_check._loadable("libmediation-station-nonexistent.so.1")


def test_the_module_runs_without_qt_and_is_silent_offscreen():
    code = ("import sys, runpy; sys.argv = ['x']\n"
            "try:\n runpy.run_module('ui.platform_check', run_name='__main__')\n"
            "except SystemExit as e: rc = e.code\n"
            "print(rc, any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert (done.stdout, done.stderr) == ("0 False\n", "")


def _needed(path: Path) -> set[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line}


def test_the_table_covers_what_the_installed_qt_loads_from_the_system():
    if not sys.platform.startswith("linux") or shutil.which("readelf") is None:
        pytest.skip("needs Linux and readelf")
    qt = Path(importlib.util.find_spec("PySide6").submodule_search_locations[0]) / "Qt"
    files = [qt / "plugins/platforms/libqxcb.so", *(qt / "lib").glob("libQt6XcbQpa.so.*"),
             *(qt / "lib").glob("libQt6Gui.so.*"), *(qt / "lib").glob("libQt6Core.so.*"),
             *(qt / "lib").glob("libQt6DBus.so.*"), *(qt / "lib").glob("libQt6Widgets.so.*")]
    assert len(files) >= 6, files
    bundled = {p.name for p in (qt / "lib").iterdir()}
    base = ("libc.so", "libm.so", "libdl.so", "librt.so", "libpthread.so", "libstdc++.so", "libgcc_s.so",
            "ld-linux", "libz.so", "libzstd.so")
    needed = set().union(*map(_needed, files)) - bundled
    system = {name for name in needed if not name.startswith(base)}
    assert system - set(QT_XCB_LIBRARIES) == set()


def test_packages_lists_each_package_once_for_the_ci_apt_line(capsys):
    assert platform_check.main(["--packages"]) == 0
    listed = capsys.readouterr().out.split()
    assert listed == sorted(set(listed), key=listed.index)
    assert set(listed) == set(QT_XCB_LIBRARIES.values())


def test_readme_s_apt_line_names_every_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(l for l in readme.splitlines() if l.startswith("sudo apt-get install make python3-venv "))
    assert set(QT_XCB_LIBRARIES.values()) - set(line.split()) == set()


def test_the_gui_command_names_missing_libraries_instead_of_starting(tmp_path, monkeypatch, capsys):
    """`mediation-station` (station and county windows) stops with the one line before Qt could abort."""
    from ui import cli

    monkeypatch.setattr(platform_check, "missing_qt_libraries", lambda: ["libxcb-cursor0"])
    assert cli.main(["--db", str(tmp_path / "s.sqlite")]) == 1
    assert cli.main(["county", "--db", str(tmp_path / "c.sqlite")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("apt-get install libxcb-cursor0" in line for line in err)
    assert not (tmp_path / "s.sqlite").exists()
