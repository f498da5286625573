"""Issue 18 in the source tree: one home for resources/ (source, wheel, one-folder build) and one version.

The build itself (PyInstaller, the .deb) is checked by packaging/smoke_test.py, which .ci/run runs after
the suite; it takes minutes, so it is not part of `make test`.
"""
from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from app import resources, version
from ui import cli

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
# What the code reads from resources/ (app/codes.py, app/i18n.py, printing/fonts.py, the demo, the provisions,
# the window icon): each must be where RESOURCES says, wherever that is.
NEEDED = ("codes/statuses.json", "codes/dispute_types.json", "locale/zh_CN/LC_MESSAGES/mediation.po",
          "fonts.json", "fonts/uming.ttc", "fonts/wqy-zenhei.ttc", "legal_provisions.json", "demo/demo.json",
          "icons/mediation-station.svg", "help/guide.html")


def test_in_the_source_tree_resources_are_beside_app():
    assert resources.RESOURCES == ROOT / "resources"
    assert [n for n in NEEDED if not resources.resource(*n.split("/")).is_file()] == []


def test_in_the_one_folder_build_resources_are_in_the_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)   # set by PyInstaller's bootloader
    assert resources._root() == tmp_path


def test_every_reader_of_resources_uses_the_one_home():
    from app import codes, i18n
    from app.services import agreements, demo
    from printing import fonts

    for path in (codes.BUILTIN_DIR, i18n.LOCALE_DIR, agreements.PROVISIONS_FILE, demo.TEMPLATES,
                 fonts.FONTS_FILE, fonts.SHIPPED_DIR):
        assert resources.RESOURCES in Path(path).parents, path
    offenders = [str(p.relative_to(ROOT)) for package in ("app", "ui", "printing")
                 for p in (ROOT / package).rglob("*.py")
                 if p.name != "resources.py" and '/ "resources"' in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_a_wheel_carries_resources_and_the_migrations(tmp_path):
    """`pip wheel .` puts resources/ beside app/, so an installed wheel finds them as the source tree does."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp_path)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("mediation_station-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"resources/{n}" for n in NEEDED} <= names
    assert {"db/migrations/env.py", "db/migrations/script.py.mako",
            "db/migrations/versions/0001_initial_schema.py"} <= names
    unpacked = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(unpacked)
    found = subprocess.run([sys.executable, "-c", "import app.resources as r, app.codes as c; "
                            "print(r.__file__); print(c.statuses().get('settled').zh)"],
                           cwd=tmp_path, env={"PYTHONPATH": str(unpacked)}, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    where, label = found.stdout.splitlines()
    assert Path(where).is_relative_to(unpacked) and label == "调解成功"


def test_version_is_pyproject_s_and_the_command_says_it(capsys):
    assert version.version() == PYPROJECT_VERSION
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"mediation-station {PYPROJECT_VERSION}"


def test_the_frozen_app_reads_the_version_file_written_by_the_build(monkeypatch, tmp_path):
    from importlib import metadata

    def not_installed(name):
        raise metadata.PackageNotFoundError(name)
    monkeypatch.setattr(metadata, "version", not_installed)       # a PyInstaller build has no dist-info
    (tmp_path / "VERSION").write_text("9.8.7\n", encoding="utf-8")
    monkeypatch.setattr(version, "VERSION_FILE", tmp_path / "VERSION")
    version.version.cache_clear()
    try:
        assert version.version() == "9.8.7"
        monkeypatch.setattr(version, "VERSION_FILE", tmp_path / "missing")
        version.version.cache_clear()
        assert version.version() == PYPROJECT_VERSION                # a checkout run without installing
    finally:
        version.version.cache_clear()
