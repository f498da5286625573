"""The one typed settings object: defaults, a Chinese message for each wrong field, lenient reading of what is
stored, and a save that is all or nothing, the station's part the 主任's only."""
from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from app import preferences
from app.access import Actor, perform
from app.errors import PermissionRefused, ValidationFailed
from app.settings import DEFAULTS, STORED, Settings, check, from_stored
from app.services import settings
from db.models import StationSetting

HEAD = Actor(account_id=None, name="王调解", role="head", mediator_id=1)
MEDIATOR = Actor(account_id=None, name="李记录", role="mediator", mediator_id=2)


def test_defaults_are_the_stored_defaults():
    s = Settings()
    assert (s.opens, s.closes, s.performance_days, s.follow_up_delay_days) == (time(8, 30), time(17, 30), 15, 15)
    assert (s.volume_mib, s.idle_minutes, s.locale) == (3993, 10, "zh_CN")
    assert s.masked == {"hearing-notice", "hearing-summary"}
    assert DEFAULTS["sync.volume_mib"] == "3993" and DEFAULTS["office_hours.opens"] == "08:30"
    assert set(STORED.values()) <= set(DEFAULTS) and DEFAULTS["sync.next_full"] == "0"   # state kept beside


def test_check_names_every_wrong_field_in_chinese_and_how_to_fix_it():
    with pytest.raises(ValidationFailed) as caught:
        check(name="", case_prefix="城人", opens="18:00", closes="17:30", follow_up_delay_days="很久",
              volume_mib=5000, idle_minutes=-1, clause_copies="本协议一式三份。", masked={"nonsense"},
              locale="fr")
    by_key = {e.key: e.message for e in caught.value.errors}
    assert set(by_key) == {"name", "closes", "follow_up_delay_days", "volume_mib", "idle_minutes", "clause_copies",
                           "masked", "locale"}
    assert "必填" in by_key["name"] or "填写" in by_key["name"]
    assert "0 到 365" in by_key["follow_up_delay_days"] and "16 到 4095" in by_key["volume_mib"]
    assert "{copies}" in by_key["clause_copies"] and "nonsense" in by_key["masked"]
    assert all(not any(w in m for w in ("Enter", "must", "field")) for m in by_key.values())     # no English
    good = check(name=" 城关镇人民调解委员会 ", case_prefix="城人", opens="9点", closes="下午5点半",
                 follow_up_delay_days="30")
    assert (good.name, good.opens, good.closes, good.follow_up_delay_days) == \
        ("城关镇人民调解委员会", time(9), time(17, 30), 30)


def test_a_stored_value_that_no_longer_reads_falls_back_alone():
    stored = dict(DEFAULTS, **{"security.idle_minutes": "abc", "sync.volume_mib": "64",
                               "office_hours.opens": "早"})
    s = from_stored(stored.__getitem__, name="城关镇", case_prefix="城人", local={"locale": "en"})
    assert (s.idle_minutes, s.volume_mib, s.opens, s.locale) == (10, 64, time(8, 30), "en")


def test_save_stores_what_changed_all_or_nothing_and_only_for_the_head(db):
    with db.read() as s:
        current = settings.load(s)
    assert current.name == "城关镇人民调解委员会" and current.case_prefix == "城人"
    wanted = replace(current, name="城关镇东街社区人民调解委员会", idle_minutes=0, follow_up_delay_days=30,
                     opens=time(9))
    perform(db.write, HEAD, lambda s: settings.save(s, wanted))
    with db.read() as s:
        assert settings.load(s) == wanted
        assert s.get(StationSetting, "security.idle_minutes").value == "0"
        assert s.get(StationSetting, "sync.volume_mib") is None            # unchanged: not written
    with pytest.raises(ValidationFailed):        # one wrong field: nothing of the others is stored
        perform(db.write, HEAD, lambda s: settings.save(s, replace(wanted, idle_minutes=30, volume_mib=1)))
    with pytest.raises(PermissionRefused, match="主任"):
        perform(db.write, MEDIATOR, lambda s: settings.save(s, replace(wanted, idle_minutes=5)))
    with db.read() as s:
        assert settings.load(s).idle_minutes == 0
    perform(db.write, MEDIATOR, lambda s: settings.save(s, replace(wanted, locale="en")))   # nothing station-wide


def test_this_computers_settings_live_in_its_preferences(db):
    with db.read() as s:
        current = settings.load(s)
    settings.save_local(replace(current, body_font="WenQuanYi Zen Hei", locale="en"))
    assert preferences.print_fonts() == ("WenQuanYi Zen Hei", None) and preferences.ui_locale() == "en"
    with db.read() as s:
        assert settings.load(s).body_font == "WenQuanYi Zen Hei"
