"""The app's one version number: pyproject.toml's, as installed (a file written by the build when frozen)."""
from __future__ import annotations

import functools
from pathlib import Path

from app.resources import RESOURCES

DISTRIBUTION = "mediation-station"
# The one-folder build carries no package metadata; packaging/mediation-station.spec writes this file into it.
VERSION_FILE = RESOURCES / "VERSION"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
LICENCE = "GPL-3.0-or-later"


@functools.cache
def version() -> str:
    """E.g. "0.1.0". Installed metadata first, then the build's file, then pyproject.toml beside the source
    (a checkout run without installing); never raises."""
    from importlib import metadata       # here: importing it takes longer than showing 关于 in the menu (start-up)

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    try:
        return VERSION_FILE.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    try:
        import tomllib

        return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, ValueError, KeyError):
        return "0+unknown"
