"""The audit chain anchored at the county (issue 14): each attack on the station's trail that its own check
cannot see — a rewrite with every hash recomputed, the tail cut and audit_head fixed, an old copy of the
database put back by copying the file — is reported by `county import` (exit 1, the station and the last
entry that matches), listed for the county window and told to the station in the receipt; a restore made
with the app is shown as a restore, not an alarm."""
from __future__ import annotations

import gc
import json
import shutil
import sqlite3

import pytest
from sqlalchemy import select

from app import audit, backups
from app.sync import audit_anchor
from db.models import CountyAuditEvent, CountyAuditLink, SentBundle
from tests.conftest import CLI_PASSWORD, CLI_USER, register
from tests.sync.conftest import export, link, open_bundle, snapshot

CODE = "330101001"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_county(request, county_db):
    return with_reviewer(county_db if request.param == "sqlite" else request.getfixturevalue("pg_county"))


@pytest.fixture(autouse=True)
def logged_in(head_login):
    """The command line logs in: the station's head, and the county's reviewer of the same name."""


def with_reviewer(county):
    from app.services import accounts

    with county.write.begin() as s:
        accounts.add_account(s, name=CLI_USER, role="reviewer", password=CLI_PASSWORD)
    return county


def cli(*argv: str) -> int:
    from ui.cli import main

    return main(list(argv))


def county_import(county, bundle, receipts, capsys) -> tuple[int, str, str]:
    rc = cli("county", "import", str(bundle), "--db", county.url, "--receipt-out", str(receipts))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def week(db, county, tmp_path, capsys, title: str):
    """A week at the station: a case registered, the bundle exported and imported, the receipt taken back."""
    register(db, title=title)
    bundle = export(db, tmp_path / "out").path
    rc, out, err = county_import(county, bundle, tmp_path / "receipts", capsys)
    assert rc == 0 and "审计" not in err, err
    receipt = next((tmp_path / "receipts").glob(f"{bundle.stem}.receipt.json"))
    assert cli("--db", str(db.path), "receipt", "import", str(receipt)) == 0
    capsys.readouterr()
    return bundle


def entries(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT seq, at, account_id, actor, action, table_name, record_uid, dispute_id, detail, "
                            "prev_hash FROM audit_log ORDER BY seq").fetchall()


def tamper(path, *statements: str) -> None:
    """As someone with the sqlite3 shell: the append-only guards dropped first."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def rehash_from(path, first: int) -> None:
    """Recompute every hash from entry `first` on, then the head and the station's own checkpoints, so that
    the station's `audit verify` finds nothing."""
    conn = sqlite3.connect(path)
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (first - 1,)).fetchone()[0]
    for row in conn.execute("SELECT seq, at, account_id, actor, action, table_name, record_uid, dispute_id, detail "
                            "FROM audit_log WHERE seq >= ? ORDER BY seq", (first,)).fetchall():
        digest = audit.entry_hash(*row, prev)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, row[0]))
        prev = digest
    conn.execute("UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_log), hash = ?", (prev,))
    conn.execute("UPDATE sent_bundle SET audit_hash = (SELECT hash FROM audit_log WHERE seq = sent_bundle.audit_seq) "
                 "WHERE audit_seq IS NOT NULL")
    conn.execute("UPDATE sent_bundle SET audit_seq = NULL, audit_hash = NULL WHERE audit_hash IS NULL")
    conn.commit()
    conn.close()


def alarms(county) -> list[CountyAuditEvent]:
    with county.read() as s:
        return list(s.scalars(select(CountyAuditEvent).order_by(CountyAuditEvent.id)))


def listed(county) -> list[audit_anchor.EventView]:
    with county.read() as s:
        return audit_anchor.events(s)


def test_the_bundle_carries_the_chain_since_the_acknowledged_checkpoint_and_no_personal_detail(
        db, county_db, tmp_path, capsys):
    with_reviewer(county_db)
    link(db, county_db, tmp_path)
    first = week(db, county_db, tmp_path, capsys, "第一周的案件")
    segment = json.loads(open_bundle(county_db, first)["audit_chain.json"])
    assert segment["anchor"] is None and segment["links"][0][:2] == [1, audit.GENESIS]
    with db.read() as s:
        checkpoint = s.scalars(select(SentBundle.audit_seq)).one()
    register(db, title="第二周的案件")
    second = json.loads(open_bundle(county_db, export(db, tmp_path / "out").path)["audit_chain.json"])
    assert second["anchor"][0] == checkpoint == segment["head"][0]
    assert [x[0] for x in second["links"]] == list(range(checkpoint, second["head"][0] + 1))
    assert {p[0] for p in second["probes"]} == set(range(1, checkpoint))       # a short chain: every older one
    text = json.dumps(second, ensure_ascii=False)
    assert "张三" not in text and "11010519491231002X" not in text and "13812345678" not in text
    with county_db.read() as s:
        held = dict(s.execute(select(CountyAuditLink.seq, CountyAuditLink.hash)).all())
    assert held == {seq: digest for seq, _prev, digest in segment["links"]}


def test_a_rewritten_trail_with_every_hash_recomputed_is_reported(db, any_county, tmp_path, capsys, qtbot):
    link(db, any_county, tmp_path)
    week(db, any_county, tmp_path, capsys, "第一周的案件")
    # the attack: who did what in entry 3 is changed, every later hash recomputed, head and checkpoints fixed
    tamper(db.path, "UPDATE audit_log SET actor = '别人' WHERE seq = 3")
    rehash_from(db.path, 3)
    assert cli("--db", str(db.path), "audit", "verify") == 0        # the station's own check sees nothing
    capsys.readouterr()
    register(db, title="第二周的案件")
    bundle = export(db, tmp_path / "out").path
    rc, out, err = county_import(any_county, bundle, tmp_path / "receipts", capsys)
    assert rc == 1
    assert CODE in err and "改写" in err and "最后一条仍相符的记录是第 2 条" in err, err
    [event] = alarms(any_county)
    assert (event.kind, event.last_match, event.first_differ) == ("rewrite", 2, 3)
    [shown] = listed(any_county)
    assert shown.alarm and CODE in shown.text and "第 2 条" in shown.text
    from ui.county_app import CountyWindow

    window = CountyWindow(any_county.read, any_county.write, "某某县司法局")      # the county window lists it
    qtbot.addWidget(window)
    assert window.trail.rowCount() == 1 and window.trail.item(0, 0).text() == CODE
    assert "第 2 条" in window.trail.item(0, 3).text() and "告警" in window.tabs.tabText(3)
    assert window.trail.item(0, 3).foreground().color().name() == "#b03a2e"
    # the receipt tells the station, which puts it on its own trail
    receipt = next((tmp_path / "receipts").glob(f"{bundle.stem}.receipt.json"))
    assert cli("--db", str(db.path), "receipt", "import", str(receipt)) == 0
    told = capsys.readouterr().err
    assert "第 2 条" in told and "县级" in told
    assert entries(db.path)[-1][4] == "county_chain_alarm"
    # reported once: the next week's bundle extends the trail the county now holds
    week(db, any_county, tmp_path, capsys, "第三周的案件")
    assert len(alarms(any_county)) == 1


def test_a_cut_tail_with_audit_head_fixed_is_reported(db, any_county, tmp_path, capsys):
    link(db, any_county, tmp_path)
    week(db, any_county, tmp_path, capsys, "第一周的案件")
    keep = len(entries(db.path))
    week(db, any_county, tmp_path, capsys, "第二周的案件")
    # the attack: everything after the first week's entries deleted, the head and the checkpoint set back
    tamper(db.path, f"DELETE FROM audit_log WHERE seq > {keep}")
    rehash_from(db.path, keep + 1)
    assert cli("--db", str(db.path), "audit", "verify") == 0
    capsys.readouterr()
    before, head = snapshot(any_county.engine), len(entries(db.path))     # `audit verify` logged in: one more
    bundle = export(db, tmp_path / "out").path
    rc, out, err = county_import(any_county, bundle, tmp_path / "receipts", capsys)
    assert rc == 1 and CODE in err and "截断" in err, err
    assert f"最后一条仍相符的记录是第 {keep} 条" in err
    [event] = alarms(any_county)
    assert (event.kind, event.last_match, event.station_head) == ("cut", keep, head)
    assert event.county_head > head
    after = snapshot(any_county.engine)
    assert {t: after[t] for t in after if not t.startswith("county_")} == \
        {t: before[t] for t in before if not t.startswith("county_")}          # a zero report: no record moved


def test_an_old_backup_copied_over_the_database_is_reported(db, any_county, tmp_path, capsys):
    link(db, any_county, tmp_path)
    week(db, any_county, tmp_path, capsys, "第一周的案件")
    made = backups.backup(db.path, tmp_path)
    kept = len(entries(made.path))
    week(db, any_county, tmp_path, capsys, "第二周的案件")
    # the attack: the old copy put back by hand, without the app (no restore on record)
    db.engine.dispose()
    gc.collect()                                             # the commands' connections closed, as after exit
    for suffix in ("-wal", "-shm"):
        (db.path.parent / (db.path.name + suffix)).unlink(missing_ok=True)
    shutil.copyfile(made.path, db.path)
    register(db, title="回退之后登记的案件")
    before = snapshot(any_county.engine)
    bundle = export(db, tmp_path / "out").path              # number 2 again: the ledger went back too
    rc, out, err = county_import(any_county, bundle, tmp_path / "receipts", capsys)
    assert rc == 1 and CODE in err and "旧副本" in err, err
    assert f"最后一条仍相符的记录是第 {kept} 条" in err
    after = snapshot(any_county.engine)                      # refused: nothing but the alarm recorded
    assert {t: v for t, v in after.items() if t != "county_audit_event"} == \
        {t: v for t, v in before.items() if t != "county_audit_event"}
    [event] = alarms(any_county)
    assert (event.kind, event.bundle_number, event.last_match) == ("rollback", 2, kept)
    assert listed(any_county)[0].alarm


def test_a_restore_made_with_the_app_is_shown_as_a_restore_not_an_alarm(db, any_county, tmp_path, capsys):
    link(db, any_county, tmp_path)
    week(db, any_county, tmp_path, capsys, "第一周的案件")
    made = backups.backup(db.path, tmp_path)
    kept = len(entries(made.path))
    week(db, any_county, tmp_path, capsys, "第二周的案件")
    db.engine.dispose()
    assert cli("--db", str(db.path), "restore", str(made.path), "--yes") == 0
    capsys.readouterr()
    register(db, title="恢复之后登记的案件")
    bundle = export(db, tmp_path / "out").path
    assert bundle.name == f"{CODE}-000003.msb"               # the county holds 1 and 2: the ledger was kept
    rc, out, err = county_import(any_county, bundle, tmp_path / "receipts", capsys)
    assert rc == 0, err
    assert "恢复" in out and f"第 {kept} 条" in out and "告警" not in out + err
    [event] = alarms(any_county)
    assert (event.kind, event.last_match, event.first_differ) == ("restore", kept, kept + 1)
    assert not listed(any_county)[0].alarm and made.path.name in listed(any_county)[0].text
    receipt = next((tmp_path / "receipts").glob(f"{bundle.stem}.receipt.json"))
    assert cli("--db", str(db.path), "receipt", "import", str(receipt)) == 0
    assert "恢复" in capsys.readouterr().out
    week(db, any_county, tmp_path, capsys, "恢复后第二周的案件")
    assert len(alarms(any_county)) == 1
    assert cli("--db", str(db.path), "audit", "verify") == 0


def test_the_same_bundle_twice_and_a_bundle_lost_on_the_way_raise_no_alarm(db, county_db, tmp_path, capsys):
    with_reviewer(county_db)
    link(db, county_db, tmp_path)
    first = week(db, county_db, tmp_path, capsys, "甲")
    register(db, title="乙")
    lost = export(db, tmp_path / "lost").path                # never reaches the county
    third = week(db, county_db, tmp_path, capsys, "丙")
    for path in (first, third):
        rc, out, err = county_import(county_db, path, tmp_path / "receipts", capsys)
        assert rc == 0 and ("重复" in out or "已导入" in out), out + err
    assert county_import(county_db, lost, tmp_path / "receipts", capsys)[0] == 1     # too old, as before
    assert alarms(county_db) == []


@pytest.mark.parametrize("change", ["missing", "contradicts", "not hashes"])
def test_a_bundle_without_a_readable_chain_segment_is_refused(db, county_db, tmp_path, change):
    from app.sync.county_import import import_one
    from tests.sync.conftest import seal, with_manifest

    link(db, county_db, tmp_path)
    register(db)
    entries_ = open_bundle(county_db, export(db, tmp_path / "out").path)
    segment = json.loads(entries_.pop("audit_chain.json"))
    if change == "contradicts":
        segment["probes"] = [[segment["links"][1][0], "0" * 64]]
    elif change == "not hashes":
        segment["links"][0][2] = "<script>"
    if change != "missing":
        entries_["audit_chain.json"] = json.dumps(segment).encode()
    forged = seal(county_db, with_manifest(entries_), station_code=CODE, number=1, out=tmp_path / "forged.msb")
    before = snapshot(county_db.engine)
    report = import_one(county_db.write, forged)
    assert report.refused and "全过程记录" in report.message
    assert snapshot(county_db.engine) == before


def test_a_county_from_before_the_links_compares_with_its_checkpoints(db, county_db, tmp_path, capsys):
    """A county database that kept only each bundle's checkpoint (audit_seq/audit_hash) still sees a rewrite."""
    with_reviewer(county_db)
    link(db, county_db, tmp_path)
    week(db, county_db, tmp_path, capsys, "第一周的案件")
    with county_db.write.begin() as s:
        s.execute(CountyAuditLink.__table__.delete())
    tamper(db.path, "UPDATE audit_log SET actor = '别人' WHERE seq = 3")
    rehash_from(db.path, 3)
    register(db, title="第二周的案件")
    rc, _out, err = county_import(county_db, export(db, tmp_path / "out").path, tmp_path / "receipts", capsys)
    assert rc == 1 and "改写" in err
    [event] = alarms(county_db)
    assert event.kind == "rewrite" and event.last_match == 0 and event.first_differ > 3
