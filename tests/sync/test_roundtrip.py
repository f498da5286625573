"""Station -> county and back: every table arrives whole; the same bundle twice changes nothing; bundles in
any order end in the same state; a lost bundle is repaired by the next; conflicts reach the list; receipts
are checked."""
from __future__ import annotations

import itertools
import json
import shutil
from datetime import date

import pytest

from app.errors import MediationError
from app.documents import issuing
from app.services import agreements, case_library, disputes, settings, transitions
from app.sync import conflicts, county as county_service, receipts
from app.sync.county_import import import_bundles
from app.sync.export import NEXT_FULL
from app.sync.receipts import import_receipt
from app.sync.schema import TABLES
from db.models import SentBundle
from tests.conftest import (TODAY, accept, complete_agreement, full_case_record, make_draft, register,
                            station_work_record)
from tests.sync.conftest import (_open_county, content, export, link, open_bundle, seal, snapshot,
                                 with_manifest)

CODE = "330101001"


def station_content(db) -> dict:
    return content(db.engine)


def import_(county, *paths, **kw):
    return import_bundles(county.write, list(paths), **kw)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_county(request, county_db):
    return county_db if request.param == "sqlite" else request.getfixturevalue("pg_county")


def test_round_trip_carries_every_table_and_the_attachment_and_twice_changes_nothing(db, any_county, tmp_path):
    d = full_case_record(db)
    station_work_record(db)
    with db.write.begin() as s:
        agreements.add_provision(s, law="中华人民共和国民法典", article="第二百八十八条", gist="相邻关系")
        issuing.issue(s, dispute_id=d, doc_type="agreement", by=1)
        parties = disputes.get_dispute(s, dispute_id=d).parties
        transitions.extend_deadline(s, dispute_id=d, new_deadline=date(2027, 1, 10), consent_on=TODAY,
                                    consenting_party_ids=[p.id for p in parties], note="双方签字同意", by=1,
                                    today=TODAY)
    add_committee_records(db)
    with db.write.begin() as s:                         # its settled case, a typical case of the library (以案释法)
        typical = case_library.candidates(s)[0].dispute_id
        draft = case_library.draft_summary(s, dispute_id=typical)
        case_library.mark_typical(s, dispute_id=typical, title=draft.title, type_code=draft.type_code,
                                  tags="漏水", summary=draft.summary, by=1)
    link(db, any_county, tmp_path)
    bundle = export(db, tmp_path / "out")
    assert all(bundle.counts[t] > 0 for t in TABLES), bundle.counts
    [report] = import_(any_county, bundle.path)
    assert report.status == "applied", report.message
    assert content(any_county.engine) == station_content(db)
    with any_county.read() as s:
        from db.models import CountyFile, CountyPerson
        assert [f.data for f in s.query(CountyFile)] == ["维修报价：3500.50元".encode("utf-8")]
        assert s.query(CountyPerson).count() == 4      # two cases, both parties with ID numbers: keyed, not plain
        assert all(len(p.person_key) == 64 and p.person_key.isalnum() for p in s.query(CountyPerson))
    before = snapshot(any_county.engine)
    [again] = import_(any_county, bundle.path)
    assert again.status == "duplicate" and "nothing changed" in again.message.lower() or "未作任何更改" in again.message
    assert snapshot(any_county.engine) == before
    # the receipt, beside the bundle, acknowledges the changes: the next bundle is a 零报告
    result = import_receipt(db.write, report.receipts[0], station_code=CODE)
    assert result.status == "applied" and result.acknowledged_seq == bundle.seq_to
    second = export(db, tmp_path / "out")
    assert second.zero_report and second.seq_from == bundle.seq_to + 1
    [zero] = import_(any_county, second.path)
    assert zero.status == "applied" and "零报告" in zero.message


def add_committee_records(db) -> None:
    """The roster, a 诉前调解组, a mediator's profile, and a settled case with a term found unperformed and a deposit."""
    from app.services import committee, performance, roster
    from tests.app.test_performance import settled_with_first_term_due, visit

    with db.write.begin() as s:
        committee.update_committee(s, name="城关镇人民调解委员会", kind="township", founded_on=date(2011, 6, 1),
                                   address="城关镇政府", head_id=1)
        committee.update_profile(s, mediator_id=1, name="王调解", role="head", employment="full_time",
                                 gender="male", ethnicity="01", education="bachelor", certificate_no="浙调001",
                                 training_hours=40)
        judge = roster.add_roster_member(s, name="吴法官", category="judge", unit="城关人民法庭")
        roster.save_team(s, name="城关诉前调解组", kind="presuit", partner="某某县人民法院",
                         members=(("mediator", 1, "组长"), ("roster", judge.id, "")))
    d = settled_with_first_term_due(db, date(2026, 11, 22))
    follow_up = visit(db, d, TODAY)
    with db.write.begin() as s:
        term = agreements.get_agreement(s, dispute_id=d).terms[0]
        performance.record_nonperformance(s, follow_up_id=follow_up, term_ids=(term.id,), options=("sue",))
        performance.record_deposit(s, term_id=term.id, amount="800", received_on=TODAY, paid_by="李四", holder="调委会")


def _change(db, step: int) -> None:
    """Three kinds of change between bundles: new cases, updates, and rows deleted outright."""
    if step == 0:
        d = register(db, title="第一件邻里纠纷")
        accept(db, d)
    elif step == 1:
        d = register(db, title="第二件合同纠纷", type_code="04")
        with db.write.begin() as s:
            draft = make_draft(title="第一件邻里纠纷", facts="补充：双方曾协商未果。")
            disputes.update_dispute(s, dispute_id=1, draft=draft,
                                    expected_revision=disputes.get_dispute(s, dispute_id=1).revision, today=TODAY)
        complete_agreement(db, 1)
    else:
        complete_agreement(db, 1)       # saved again: the first terms are deleted outright, tombstones travel


def same_records(county: dict, station: dict) -> bool:
    """The county holds what the station holds; rows the station deleted outright stay at the county, marked
    deleted (so that an older copy arriving late cannot bring them back)."""
    for table, rows in county.items():
        if table == "dispute_mediator":
            continue
        gone = {uid: r for uid, r in rows.items() if uid not in station[table]}
        assert all(r["deleted_at"] is not None for r in gone.values()), table
        assert {uid: r for uid, r in rows.items() if uid not in gone} == station[table], table
    assert county["dispute_mediator"] == station["dispute_mediator"]
    return True


def _chain(db, county, tmp_path):
    """Three bundles, each acknowledged by a receipt before the next, so each starts where the last ended."""
    paths = []
    for step in range(3):
        _change(db, step)
        bundle = export(db, tmp_path / "out")
        [report] = import_(county, bundle.path)
        assert report.status == "applied", report.message
        import_receipt(db.write, report.receipts[0], station_code=CODE)
        paths.append(bundle.path)
    return paths


def test_bundles_in_every_order_of_three_end_in_the_same_state(db, tmp_path):
    reference_path = tmp_path / "reference.sqlite"
    reference = _open_county(str(reference_path))
    link(db, reference, tmp_path)
    reference.engine.dispose()
    blank = tmp_path / "blank.sqlite"
    shutil.copyfile(reference_path, blank)              # enrolled, nothing imported yet
    reference = _open_county(str(reference_path))
    paths = _chain(db, reference, tmp_path)
    expected = content(reference.engine)
    assert same_records(expected, station_content(db))
    assert sum(r["deleted_at"] is not None for r in expected["agreement_term"].values()) == 2
    for order in itertools.permutations(range(3)):
        copy = tmp_path / f"order-{''.join(map(str, order))}.sqlite"
        shutil.copyfile(blank, copy)
        county = _open_county(str(copy))
        reports = import_(county, *(paths[i] for i in order), receipt_dir=tmp_path / "receipts")
        assert all(r.status in ("applied", "pending") for r in reports), [r.message for r in reports]
        assert not any(r.chain or r.chain_alarm for r in reports), [r.chain for r in reports]
        if order[0] != 0:
            assert reports[0].status == "pending" and 1 in reports[0].missing
        assert content(county.engine) == expected, order
        county.engine.dispose()


def test_a_lost_bundle_is_repaired_by_the_next_and_arrives_too_late_to_matter(db, county_db, tmp_path):
    link(db, county_db, tmp_path)
    _change(db, 0)
    first = export(db, tmp_path / "out")
    [report] = import_(county_db, first.path)
    import_receipt(db.write, report.receipts[0], station_code=CODE)
    _change(db, 1)
    lost = export(db, tmp_path / "lost")               # the stick is lost: the county never sees it
    _change(db, 2)
    third = export(db, tmp_path / "out")
    assert third.seq_from == lost.seq_from              # not acknowledged: carried again
    [report] = import_(county_db, third.path)
    assert report.status == "applied", report.message
    assert same_records(content(county_db.engine), station_content(db))
    before = snapshot(county_db.engine)
    [late] = import_(county_db, lost.path)
    assert late.refused and "older" in late.message or "较早" in late.message
    assert snapshot(county_db.engine) == before


def test_same_revision_with_other_content_goes_to_the_conflict_list_and_a_person_decides(db, county_db, tmp_path):
    d = register(db)
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    import_(county_db, bundle.path)
    entries = open_bundle(county_db, bundle.path)
    lines = [json.loads(x) for x in entries["records/dispute.jsonl"].splitlines()]
    lines[0]["title"] = "被改动的事由"                     # same revision, other content
    entries["records/dispute.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    forged = seal(county_db, with_manifest(entries, number=2), station_code=CODE, number=2,
                  out=tmp_path / "forged.msb")
    [report] = import_(county_db, forged)
    assert report.status == "applied" and report.outcome["conflicts"] == 1
    with county_db.read() as s:
        [found] = conflicts.open_conflicts(s)
    assert found.table == "dispute" and [(x.column, x.county, x.station) for x in found.differences] == [
        ("title", "张三与李四邻里纠纷", "被改动的事由")]
    with county_db.write.begin() as s:
        conflicts.resolve(s, found.id, take="station", note="电话核实")
    with county_db.read() as s:
        assert conflicts.open_conflicts(s) == []
        from db.models import Dispute
        assert s.query(Dispute).one().title == "被改动的事由"
    assert d


def test_a_receipt_with_wrong_counts_or_a_forged_signature_is_refused(db, county_db, tmp_path):
    register(db)
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    [report] = import_(county_db, bundle.path)
    body = json.loads(report.receipts[0].read_text(encoding="utf-8"))
    body.pop("signature")
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**body, "counts": {**body["counts"], "party": 1}, "signature": "AAAA"}))
    with pytest.raises(MediationError, match="签名|signature"):
        import_receipt(db.write, forged, station_code=CODE)
    with county_db.read() as s:                          # signed by the county, but the counts are wrong
        key = county_service.signing_key(county_service.identity(s))
    wrong = tmp_path / "wrong.json"
    wrong.write_text(receipts.sign({**body, "counts": {**body["counts"], "party": 1}}, key), encoding="utf-8")
    with pytest.raises(MediationError, match="party"):
        import_receipt(db.write, wrong, station_code=CODE)
    with db.read() as s:
        assert s.get(SentBundle, 1).receipt == "mismatch" and settings.get(s, NEXT_FULL) == "1"
    again = export(db, tmp_path / "out")
    assert again.full and again.seq_from == 1 and again.counts["party"] == 2


def test_import_dry_run_reports_and_changes_nothing(db, county_db, tmp_path):
    register(db)
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    before = snapshot(county_db.engine)
    [report] = import_(county_db, bundle.path, dry_run=True)
    assert report.status == "applied" and report.outcome["inserted"] > 0 and report.receipts == ()
    assert snapshot(county_db.engine) == before
    assert not list((tmp_path / "out").glob("*.receipt.json"))


def test_co_mediators_reach_the_county(db, county_db, tmp_path):
    d = register(db)
    with db.write.begin() as s:
        disputes.update_dispute(s, dispute_id=d, draft=make_draft(co_mediator_ids=(2,)), today=TODAY,
                                expected_revision=disputes.get_dispute(s, dispute_id=d).revision)
    link(db, county_db, tmp_path)
    import_(county_db, export(db, tmp_path / "out").path)
    assert content(county_db.engine)["dispute_mediator"] == station_content(db)["dispute_mediator"] != set()


def test_a_stick_that_loses_writes_or_a_missing_folder_leaves_no_bundle_and_no_record(db, county_db, tmp_path,
                                                                                     monkeypatch):
    from app import files

    register(db)
    link(db, county_db, tmp_path)
    (tmp_path / "stick").mkdir()
    with monkeypatch.context() as patched, pytest.raises(MediationError, match="回读"):
        patched.setattr(files, "_digest_from_device", lambda path: "0" * 64)     # what came back differs
        export(db, tmp_path / "stick")
    assert list((tmp_path / "stick").iterdir()) == []
    with pytest.raises(MediationError, match="不存在"):
        from app.sync.export import export_bundle
        export_bundle(db.read, db.write, out_dir=tmp_path / "no-such-folder", database=db.path)
    with db.read() as s:
        assert s.query(SentBundle).count() == 0
    assert export(db, tmp_path / "stick").number == 1         # the number was not used up
