"""Per-user preferences shared by the GUI and the command line: the UI language and the document fonts, the
settings of this computer (app/settings.py has them all, typed)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from app.i18n import normalise_locale
from app.paths import config_dir

LANG_ENV = "MEDIATION_STATION_LANG"


def _file() -> Path:
    return config_dir() / "preferences.json"


def _read() -> dict:
    try:
        return json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def ui_locale() -> str:
    """The language of windows and messages: MEDIATION_STATION_LANG, else the saved choice, else Chinese."""
    return normalise_locale(os.environ.get(LANG_ENV) or _read().get("locale"))


def save_ui_locale(locale: str) -> None:
    _save(locale=normalise_locale(locale))


def print_fonts() -> tuple[str | None, str | None]:
    """The body and heading fonts chosen for documents on this computer (None: the first one found). Fonts
    depend on the machine, so the choice is kept here rather than in the station's database."""
    data = _read()
    return data.get("body_font"), data.get("heading_font")


def save_print_fonts(body: str | None, heading: str | None) -> None:
    _save(body_font=body, heading_font=heading)


def local_settings() -> dict[str, str | None]:
    """This computer's settings as saved (the environment's language is not a saved choice)."""
    data = _read()
    return {"body_font": data.get("body_font"), "heading_font": data.get("heading_font"),
            "locale": normalise_locale(data.get("locale"))}


def save_local_settings(*, body_font: str | None, heading_font: str | None, locale: str) -> None:
    _save(body_font=body_font, heading_font=heading_font, locale=normalise_locale(locale))


def _save(**values) -> None:
    data = {**_read(), **values}
    path = _file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
