"""The app's settings as one typed object: what each is, its default, its limits and where it is kept.

Station-wide settings live in the database (every PC of the station and the county see the same): the
committee's name and short name in the station row, the rest as text in `station_setting`. The fonts and
the language belong to this computer and its user (app/preferences.py). `check` turns what a form holds
into a Settings, or names every wrong field and how to fix it; app/services/settings.py loads and saves.
No SQLAlchemy here, so that the GUI reads the defaults at start without it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time

from app import validation, work_rules
from app.documents.registry import TYPES, default_masked
from app.drafts import Collector
from app.errors import ValidationFailed
from app.i18n import N_, SUPPORTED_LOCALES, _, normalise_locale

CLAUSE_DEFAULTS = {
    "binding": "本协议经各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章后生效，"
               "具有法律约束力，当事人应当按照约定履行（《中华人民共和国人民调解法》第三十一条）。",
    "confirmation": "各方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认"
                    "（《中华人民共和国人民调解法》第三十三条）。",
    "copies": "本协议一式{copies}份，当事人各执一份，人民调解委员会留存一份。",
    "oral": "本口头协议自各方当事人达成协议之日起生效，当事人应当按照约定履行"
            "（《中华人民共和国人民调解法》第三十条、第三十一条）。",
}
LIMITS = {"performance_days": (1, work_rules.MAX_PERFORMANCE_DAYS), "follow_up_delay_days": (0, 365),
          "volume_mib": (16, 4095), "idle_minutes": (0, 240)}


@dataclass(frozen=True)
class Settings:
    # 本站信息 (kept in the station row)
    name: str = ""
    case_prefix: str = ""
    # 办公时间与期限: a new session is offered at the next office hour; a term is due this many days after
    # signing; the follow-up visit this many days after the last performance deadline.
    opens: time = work_rules.WorkRules.opens
    closes: time = work_rules.WorkRules.closes
    performance_days: int = work_rules.WorkRules.performance_days
    follow_up_delay_days: int = 15
    # 打印: the standard clauses (a station may reword them, not the code) and the documents printed with ID
    # numbers and phones masked (posted or handed to others).
    clause_binding: str = CLAUSE_DEFAULTS["binding"]
    clause_confirmation: str = CLAUSE_DEFAULTS["confirmation"]
    clause_copies: str = CLAUSE_DEFAULTS["copies"]
    clause_oral: str = CLAUSE_DEFAULTS["oral"]
    masked: frozenset[str] = field(default_factory=lambda: frozenset(default_masked().split(",")))
    # 同步: the largest file of a bundle, in MiB: 3.9 GiB, below FAT32's 4 GiB; a larger bundle is split.
    volume_mib: int = 3993
    # 安全: minutes without keyboard or mouse before the screen locks (0: never).
    idle_minutes: int = 10
    # This computer (app/preferences.py): document fonts (None: the first found) and the language.
    body_font: str | None = None
    heading_font: str | None = None
    locale: str = "zh_CN"

    @property
    def work_rules(self) -> work_rules.WorkRules:
        return work_rules.WorkRules(self.opens, self.closes, self.performance_days)

    def clauses(self) -> dict[str, str]:
        """The clauses under their stored keys (clause.binding, …), as documents read them."""
        return {f"clause.{k}": getattr(self, f"clause_{k}") for k in CLAUSE_DEFAULTS}


LABELS = {"name": N_("Committee name"), "case_prefix": N_("Short name for case numbers"),
          "opens": N_("Office opens"), "closes": N_("Office closes"),
          "performance_days": N_("Days to perform after signing"),
          "follow_up_delay_days": N_("Follow-up visit, days after the last performance deadline"),
          "clause_binding": N_("Binding-effect clause"), "clause_confirmation": N_("Judicial-confirmation clause"),
          "clause_copies": N_("Copies clause"), "clause_oral": N_("Oral-agreement clause"),
          "masked": N_("Documents with masked identities"), "volume_mib": N_("Largest file of a bundle (MiB)"),
          "idle_minutes": N_("Lock the screen after (minutes, 0: never)"), "body_font": N_("Body text font"),
          "heading_font": N_("Heading font"), "locale": N_("Language")}

# Where each station-wide setting is kept in `station_setting` (name and case_prefix: the station row).
STORED = {"opens": "office_hours.opens", "closes": "office_hours.closes",
          "performance_days": "agreement.performance_days", "follow_up_delay_days": "follow_up_delay_days",
          "clause_binding": "clause.binding", "clause_confirmation": "clause.confirmation",
          "clause_copies": "clause.copies", "clause_oral": "clause.oral", "masked": "mask.documents",
          "volume_mib": "sync.volume_mib", "idle_minutes": "security.idle_minutes"}
LOCAL = ("body_font", "heading_font", "locale")

# State the app keeps beside the settings, not edited by anyone.
STATE_DEFAULTS = {
    # "1" after a receipt disagreed with what was sent: the next bundle carries everything again.
    "sync.next_full": "0",
    # How many cases `demo` added: a register holding more than these holds real cases, and demo refuses it.
    "demo.cases": "0",
}


def to_text(name: str, value: object) -> str:
    """A setting as stored in `station_setting`."""
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, frozenset):
        return ",".join(sorted(value))
    return str(value)


DEFAULTS: dict[str, str] = {key: to_text(name, getattr(Settings(), name)) for name, key in STORED.items()} \
    | STATE_DEFAULTS


def check(**values: object) -> Settings:
    """The settings from what a form holds (text or typed values; missing ones keep their defaults), or
    ValidationFailed naming every wrong field and how to fix it. Nothing is half-checked."""
    unknown = set(values) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    base = Settings()
    raw = {f.name: values.get(f.name, getattr(base, f.name)) for f in fields(Settings)}
    c = Collector(labels=LABELS)
    out: dict[str, object] = {}
    out["name"] = c.run("name", validation.proper_name, str(raw["name"]), max_length=100)
    out["case_prefix"] = c.run("case_prefix", validation.case_prefix, str(raw["case_prefix"]),
                              max_length=16)
    try:
        rules = work_rules.check(opens=to_text("opens", raw["opens"]), closes=to_text("closes", raw["closes"]),
                                 performance_days=str(raw["performance_days"]))
        out.update(opens=rules.opens, closes=rules.closes, performance_days=rules.performance_days)
    except ValidationFailed as exc:
        for e in exc.errors:
            c.fail(e.key, e.message)
    for name in ("follow_up_delay_days", "volume_mib", "idle_minutes"):
        out[name] = c.run(name, _whole_number, raw[name], *LIMITS[name])
    for key in CLAUSE_DEFAULTS:
        name = f"clause_{key}"
        out[name] = c.run(name, validation.required_text, str(raw[name]), max_length=500)
    if out["clause_copies"] and "{copies}" not in str(out["clause_copies"]):
        c.fail("clause_copies", _("Keep {copies} in the copies clause where the number of copies goes, e.g. "
                                  "本协议一式{copies}份。"))
    masked = raw["masked"]
    masked = frozenset(t for t in masked.split(",") if t) if isinstance(masked, str) else frozenset(masked)
    if unknown_types := sorted(masked - set(TYPES)):
        c.fail("masked", _("Unknown document types: {names}.").format(names=", ".join(unknown_types)))
    out["masked"] = masked
    for name in ("body_font", "heading_font"):
        out[name] = str(raw[name]).strip() or None if raw[name] is not None else None
    if str(raw["locale"]) not in SUPPORTED_LOCALES:
        c.fail("locale", _("Choose 中文 or English."))
    out["locale"] = normalise_locale(str(raw["locale"]))
    if c.errors:
        raise ValidationFailed(c.errors)
    return Settings(**out)  # type: ignore[arg-type]


def from_stored(get: Callable[[str], str], *, name: str, case_prefix: str,
                local: Mapping[str, str | None] | None = None) -> Settings:
    """The settings as kept; a value that no longer reads (edited by hand) falls back to its default, each on
    its own, so one bad value never hides the others."""
    base = replace(Settings(), name=name, case_prefix=case_prefix)
    rules = work_rules.from_settings(lambda key: get(key))       # the three are read together
    found: dict[str, object] = dict(opens=rules.opens, closes=rules.closes, performance_days=rules.performance_days)
    for field_name, key in STORED.items():
        if field_name in found:
            continue
        try:
            # one field read at a time; the name and prefix only stand in (a prefix kept from before its rule
            # changed must not send every setting back to its default)
            one = check(**{"name": name or "-", "case_prefix": "城人", field_name: get(key)})
            found[field_name] = getattr(one, field_name)
        except ValidationFailed:
            pass
    for field_name in LOCAL:
        if local and local.get(field_name) is not None:
            found[field_name] = local[field_name]
    found["locale"] = normalise_locale(str(found.get("locale") or base.locale))
    return replace(base, **found)


def _whole_number(value: object, least: int, most: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = least - 1
    if not least <= number <= most:
        raise validation.Invalid(_("Enter a whole number from {least} to {most}.").format(least=least, most=most))
    return number
