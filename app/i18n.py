"""Translations (gettext catalogs managed with babel) and locale-aware formatting."""
from __future__ import annotations

import gettext
from datetime import date, datetime
from decimal import Decimal

from app.resources import resource

LOCALE_DIR = resource("locale")
DOMAIN = "mediation"
DEFAULT_LOCALE = "zh_CN"
SUPPORTED_LOCALES = ("zh_CN", "en")
LOCAL_TZ = "Asia/Shanghai"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_locale = "en"


def _load_catalog(locale: str) -> gettext.NullTranslations:
    mo = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    po = mo.with_suffix(".po")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        # A source checkout without compiled catalogs still speaks the right language (slower start).
        from io import BytesIO

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        buf = BytesIO()
        write_mo(buf, catalog, use_fuzzy=True)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    return gettext.NullTranslations()


def install(locale: str | None) -> str:
    """Switch the process language; unknown locales fall back to Chinese. Returns the locale used."""
    global _translations, _locale
    locale = normalise_locale(locale)
    _translations = gettext.NullTranslations() if locale == "en" else _load_catalog(locale)
    _locale = locale
    return locale


def normalise_locale(locale: str | None) -> str:
    if not locale:
        return DEFAULT_LOCALE
    low = locale.replace("-", "_").split(".")[0].lower()
    if low.startswith("en"):
        return "en"
    return DEFAULT_LOCALE


def current_locale() -> str:
    return _locale


def is_chinese() -> bool:
    return _locale != "en"


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it where it is shown."""
    return message


def format_date(value: date | None) -> str:
    """2026年11月23日 in Chinese, Nov 23, 2026 in English."""
    if value is None:
        return ""
    from babel.dates import format_date as _fd

    return _fd(value, format="long", locale=_locale)


def format_datetime(value: datetime | None) -> str:
    """Stored datetimes are naive UTC; babel treats naive as UTC and shows Asia/Shanghai time."""
    if value is None:
        return ""
    from babel.dates import format_datetime as _fdt

    return _fdt(value, format="medium", tzinfo=LOCAL_TZ, locale=_locale)


def format_size(size: int) -> str:
    """A file size for people: 830 字节, 约 496 千字节, 约 1.5 兆字节 (about 496 KB in English)."""
    from babel.numbers import format_decimal

    if size < 1024:
        return _("{n} bytes").format(n=size)
    for unit, text in ((1024, N_("about {n} KB")), (1024 ** 2, N_("about {n} MB")), (1024 ** 3, N_("about {n} GB"))):
        value = size / unit
        if value < 1024 or unit == 1024 ** 3:
            shown = format_decimal(round(value) if value >= 100 or unit == 1024 else round(value, 1),
                                   format="#,##0.#", locale=_locale)
            return _(text).format(n=shown)
    raise AssertionError("unreachable")


def format_amount(value: Decimal | None) -> str:
    """12,000.00 (yuan, two decimals, grouped)."""
    if value is None:
        return ""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.00", locale=_locale)


install(DEFAULT_LOCALE)
