"""The audit trail: every change on a hash chain, tampering detected, the history in plain words."""
from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import select

from app import audit
from app.services import disputes
from app.services.case_history import case_history
from db.models import AuditEntry, Dispute, SentBundle
from tests.conftest import make_draft, register


def entries(db) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def verify(db) -> audit.Verification:
    with db.read() as s:
        return audit.verify(s)


def raw(db, *statements: str, params=()) -> None:
    """Tamper as someone with the sqlite3 shell would: the append-only triggers dropped first."""
    conn = sqlite3.connect(db.path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for statement in statements:
        conn.execute(statement, params)
    conn.commit()
    conn.close()


@pytest.fixture
def edited(db):
    case = register(db)
    with db.write.begin() as s:
        row = s.get(Dispute, case)
        disputes.update_dispute(s, dispute_id=case, draft=make_draft(title="改过的事由", amount="300"),
                                expected_revision=row.revision)
    return case


def test_changes_are_recorded_with_before_and_after(db, edited):
    trail = entries(db)
    change = next(e for e in trail if e.action == "update" and e.table_name == "dispute")
    fields = json.loads(change.detail)["changes"]
    assert fields["title"] == ["张三与李四邻里纠纷", "改过的事由"]
    assert fields["amount_fen"] == [1200050, 30000]
    assert change.dispute_id == edited and change.actor == "系统"
    inserted = {e.table_name for e in trail if e.action == "insert"}
    assert {"dispute", "party", "station", "mediator"} <= inserted
    assert [e.seq for e in trail] == list(range(1, len(trail) + 1))
    assert verify(db).ok and verify(db).entries == len(trail)


def test_the_log_refuses_update_and_delete_in_the_database(db, edited):
    conn = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log WHERE seq = 1")
    conn.close()


def test_an_edited_entry_is_detected(db, edited):
    raw(db, "UPDATE audit_log SET detail = replace(detail, '改过的事由', '别的事由') WHERE action = 'update'")
    target = next(e.seq for e in entries(db) if "别的事由" in e.detail)
    found = verify(db)
    assert (found.ok, found.broken_at) == (False, target)
    assert "改动" in found.problem


def test_a_deleted_entry_is_detected(db, edited):
    raw(db, "DELETE FROM audit_log WHERE seq = 3")
    found = verify(db)
    assert (found.ok, found.broken_at) == (False, 3) and "缺失" in found.problem


def test_a_cut_off_end_is_detected(db, edited):
    last = entries(db)[-1].seq
    raw(db, f"DELETE FROM audit_log WHERE seq > {last - 2}")
    found = verify(db)
    assert (found.ok, found.broken_at) == (False, last - 1) and "截去" in found.problem


def test_a_rewritten_chain_no_longer_matches_the_county_checkpoint(db, edited):
    with db.write.begin() as s:
        seq, digest = audit.head(s)
        s.add(SentBundle(number=1, seq_from=1, seq_to=1, period_from="2026-11-16", period_to="2026-11-22",
                         digest="0" * 64, file_name="b", counts={}, audit_seq=seq, audit_hash=digest))
    # Rewrite every entry consistently (hashes recomputed, head updated): only the checkpoint can tell.
    forged = entries(db)
    prev = audit.GENESIS
    statements = []
    for e in forged:
        detail = e.detail.replace("改过的事由", "伪造的事由")
        h = audit.entry_hash(e.seq, e.at, e.account_id, e.actor, e.action, e.table_name, e.record_uid,
                             e.dispute_id, detail, prev)
        statements.append((e.seq, detail, prev, h))
        prev = h
    conn = sqlite3.connect(db.path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.executemany("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                     [(d, p, h, q) for q, d, p, h in statements])
    conn.execute("UPDATE audit_head SET hash = ?", (prev,))
    conn.commit()
    conn.close()
    found = verify(db)
    assert (found.ok, found.broken_at) == (False, seq) and "检查点" in found.problem


def test_history_reads_in_plain_chinese(db, edited):
    with db.write.begin() as s:
        disputes.delete_dispute(s, dispute_id=edited)
    with db.write.begin() as s:
        disputes.restore_dispute(s, dispute_id=edited)
    with db.read() as s:
        lines = case_history(s, dispute_id=edited)
    assert [line.text for line in lines[-2:]] == ["删除了案件", "恢复了案件"]
    assert lines[0].text == "登记了案件" and lines[0].actor == "系统"
    change = next(line for line in lines if line.text == "修改了案件")
    assert "事由：“张三与李四邻里纠纷” → “改过的事由”" in change.details
    assert any("涉及金额" in d and "300.00" in d for d in change.details)
    assert any(line.text == "新增了当事人：张三" for line in lines)
