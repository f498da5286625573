"""The station's working rules that set the forms' defaults: office hours and the usual performance period.

Kept as text in the station settings (app/settings.py); read and checked here, without the database,
so that both the settings service and the forms use one reading of them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.date_text import DateTextError, parse_time
from app.errors import FieldError, ValidationFailed
from app.i18n import N_, _
from app.workdays import next_office_hour

KEYS = {"opens": "office_hours.opens", "closes": "office_hours.closes",
        "performance_days": "agreement.performance_days"}
LABELS = {"opens": N_("Office opens"), "closes": N_("Office closes"),
          "performance_days": N_("Days to perform after signing")}
MAX_PERFORMANCE_DAYS = 3650


@dataclass(frozen=True)
class WorkRules:
    opens: time = time(8, 30)
    closes: time = time(17, 30)
    performance_days: int = 15

    def next_session(self, now: datetime) -> datetime:
        """When a new session (or hearing) is offered: the next office hour after `now`."""
        return next_office_hour(now, opens=self.opens, closes=self.closes)

    def performance_due(self, signed_on: date) -> date:
        """The default deadline of a term: the usual number of days after signing."""
        return signed_on + timedelta(days=self.performance_days)

    def as_settings(self) -> dict[str, str]:
        return {KEYS["opens"]: f"{self.opens:%H:%M}", KEYS["closes"]: f"{self.closes:%H:%M}",
                KEYS["performance_days"]: str(self.performance_days)}


def check(*, opens: str, closes: str, performance_days: str | int) -> WorkRules:
    """The rules from what was typed, or ValidationFailed naming each wrong field and how to fix it."""
    errors: list[FieldError] = []
    times: dict[str, time] = {}
    for key, text in (("opens", opens), ("closes", closes)):
        try:
            times[key] = parse_time(str(text))
        except DateTextError as exc:
            errors.append(FieldError(_(LABELS[key]), str(exc), key))
    if len(times) == 2 and times["opens"] >= times["closes"]:
        errors.append(FieldError(_(LABELS["closes"]), _("The office must close after it opens, e.g. 08:30 and "
                                                        "17:30."), "closes"))
    try:
        days = int(str(performance_days).strip())
        if not 1 <= days <= MAX_PERFORMANCE_DAYS:
            raise ValueError
    except ValueError:
        days = 0
        errors.append(FieldError(_(LABELS["performance_days"]), _(
            "Enter a number of days from 1 to {most}, e.g. 15.").format(most=MAX_PERFORMANCE_DAYS),
            "performance_days"))
    if errors:
        raise ValidationFailed(errors)
    return WorkRules(times["opens"], times["closes"], days)


def from_settings(get: Callable[[str], str]) -> WorkRules:
    """The rules as stored; a value that no longer reads (edited by hand) falls back to the default."""
    try:
        return check(**{name: get(key) for name, key in KEYS.items()})
    except ValidationFailed:
        return WorkRules()
