"""Where the station's data lives: the platform's user data folder, overridable for tests and scripts."""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "MediationStation"
DB_ENV = "MEDIATION_STATION_DB"
DATA_ENV = "MEDIATION_STATION_DATA"
DB_FILENAME = "mediation.sqlite"


def data_dir() -> Path:
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Things that can be rebuilt at any time (the parsed tables of fonts)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def resolve_db(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--db beats MEDIATION_STATION_DB beats the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_FILENAME


def log_file(db: str | os.PathLike[str] | None) -> Path:
    """The log lives beside its database (`station.sqlite` → `station.sqlite.log`), so a --db elsewhere keeps
    its own; a server database (a URL) or none logs in the user data folder."""
    if db is None or "://" in str(db):
        return data_dir() / "mediation-station.log"
    path = Path(db).expanduser()
    return path.with_name(path.name + ".log")
