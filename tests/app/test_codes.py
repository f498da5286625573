"""Code tables are data files; a county extends dispute types without a code change."""
from __future__ import annotations

import json

import pytest

from app import codes, i18n
from app.errors import CodeTableError
from app.lifecycle import Status


def test_tables_are_complete_and_versioned():
    assert len([c for c in codes.ethnic_groups().codes if int(c.code) <= 56]) == 56
    assert {c.code for c in codes.statuses().codes} == {s.value for s in Status}
    assert len(codes.dispute_types().codes) == 18 and codes.dispute_types().version == "2026.1"
    assert [c.zh for c in codes.risk_levels().codes] == ["无", "黄", "橙", "红"]


def test_labels_follow_the_language():
    assert codes.dispute_types().label("02") == "邻里"
    i18n.install("en")
    assert codes.dispute_types().label("02") == "Neighbours"
    assert codes.dispute_types().code_for("neighbours") == "02" and codes.dispute_types().code_for("邻里") == "02"


def test_county_extension_appends_types(tmp_path):
    folder = tmp_path / "userdata" / "codes"
    folder.mkdir(parents=True)
    (folder / "dispute_types.json").write_text(json.dumps(
        {"table": "dispute_types", "version": "county-3", "codes": [{"code": "C1", "zh": "彩礼", "en": "Betrothal gifts"}]},
        ensure_ascii=False), encoding="utf-8")
    table = codes.dispute_types()
    assert table.label("C1") == "彩礼" and table.version == "2026.1+county-3" and len(table.codes) == 19


def test_extension_repeating_a_code_is_refused(tmp_path):
    folder = tmp_path / "userdata" / "codes"
    folder.mkdir(parents=True)
    (folder / "dispute_types.json").write_text(json.dumps(
        {"version": "x", "codes": [{"code": "02", "zh": "邻居", "en": "x"}]}), encoding="utf-8")
    with pytest.raises(CodeTableError, match="02"):
        codes.dispute_types()
