"""Hypothesis against the county importer: bundles signed with the station's real key whose manifest and
records carry hostile values. Whatever arrives, the import answers with a report (never an exception); a
refusal leaves the database as it was; and whatever was stored reads back and makes the statistics and
their spreadsheet."""
from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import statistics
from app.services.statistics_output import render
from app.sync import archive
from app.sync.county_import import import_bundles
from app.sync.schema import TABLES, specs
from tests.conftest import full_case_record
from tests.sync.conftest import content, export, link, open_bundle, seal, snapshot

MANIFEST_KEYS = ("schema", "counts", "seq_from", "seq_to", "period", "zero_report", "full", "created_at",
                 "station_name", "previous_digest", "audit_head", "attachments", "files", "number", "format")
COLUMNS = tuple((t, c) for t in TABLES for c in specs()[t].columns)
DEEP = "[" * 5000 + "]" * 5000

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=False),
    st.text(max_size=30), st.sampled_from(["", "=HYPERLINK(\"http://x\")", "../../etc/passwd", "2999-01-01",
                                           "1899-12-31", "2026-11-23T10:00:00+08:00", "9999-99-99", "\ud800",
                                           "\x00\x1b", "registered", "archived", "01", "x" * 5000]))
hostile = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=6), scalars, max_size=3))


@st.composite
def forgeries(draw) -> tuple[dict, list, list]:
    manifest = draw(st.dictionaries(st.sampled_from(MANIFEST_KEYS), hostile, max_size=2))
    fields = draw(st.lists(st.tuples(st.sampled_from(COLUMNS), hostile), max_size=3))
    raw_lines = draw(st.lists(st.tuples(st.sampled_from(TABLES), st.sampled_from(
        ["[1, 2]", "\"text\"", "{}", "{\"uid\": 7}", DEEP, "{\"uid\": \"x\", \"_deleted\": true, \"more\": 1}",
         "not json"])), max_size=1))
    return manifest, fields, raw_lines


@pytest.fixture(params=["sqlite", "postgresql"])
def signed_case(request, db, county_db, tmp_path):
    county = county_db if request.param == "sqlite" else request.getfixturevalue("pg_county")
    full_case_record(db)
    link(db, county, tmp_path)
    bundle = export(db, tmp_path / "out")
    return county, open_bundle(county, bundle.path), tmp_path


def _forge(entries: dict[str, bytes], number: int, manifest_changes: dict, fields: list, raw_lines: list) -> dict:
    out = {n: d for n, d in entries.items() if n != "manifest.json"}
    tables = {t: [json.loads(x) for x in out[f"records/{t}.jsonl"].splitlines() if x.strip()] for t in TABLES}
    for (table, column), value in fields:
        if tables[table]:
            tables[table][0][column] = value
    extra: dict[str, list[str]] = {}
    for table, line in raw_lines:
        extra.setdefault(table, []).append(line)
    for table, records in tables.items():
        lines = [json.dumps(r, ensure_ascii=False) for r in records] + extra.get(table, [])
        out[f"records/{table}.jsonl"] = "".join(x + "\n" for x in lines).encode("utf-8", "surrogatepass")
    manifest = json.loads(entries["manifest.json"])
    manifest.update(number=number, counts={t: len(tables[t]) + len(extra.get(t, [])) for t in TABLES},
                    files={n: archive.digest(d) for n, d in out.items()})
    manifest.update(manifest_changes)
    return {"manifest.json": json.dumps(manifest, ensure_ascii=False).encode("utf-8", "surrogatepass"), **out}


def test_hostile_signed_bundles_never_break_the_county(signed_case):
    county, entries, tmp_path = signed_case
    numbers = itertools.count(1)

    @settings(max_examples=50, deadline=None, database=None, derandomize=True,     # the same examples in CI
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(forgeries())
    def attempt(forgery):
        number = next(numbers)
        path = seal(county, _forge(entries, number, *forgery), station_code="330101001", number=number,
                    out=tmp_path / f"fuzz-{number}.msb")
        before = snapshot(county.engine)
        [report] = import_bundles(county.write, [path], receipt_dir=tmp_path / "receipts")
        assert report.status in ("applied", "pending", "refused"), report
        if report.refused:
            assert snapshot(county.engine) == before, report.message
        content(county.engine)                                  # every stored row reads back
        with county.read() as s:
            report_ = statistics.compute(s, statistics.Period.parse("2026-11"), by="station")
        for fmt in ("xlsx", "csv", "json"):
            render(report_, fmt)

    attempt()
