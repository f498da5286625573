"""Where the app's own files are (resources/: fonts, code tables, translations, templates), wherever it runs.

One answer for the three ways the app is installed: a source checkout (resources/ beside app/), a wheel
(pyproject's package-data puts resources/ beside app/ in site-packages, the same layout) and the one-folder
build, where PyInstaller unpacks the data into sys._MEIPASS (`_internal/` beside the executable). The
migration scripts are the db package's own (db/migrate.py finds them beside itself, in all three).
"""
from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)   # set by the PyInstaller bootloader, and only there
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


RESOURCES = _root() / "resources"


def resource(*parts: str) -> Path:
    """A file under resources/, e.g. resource("codes", "statuses.json")."""
    return RESOURCES.joinpath(*parts)
