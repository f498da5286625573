"""The change log behind the sync bundle: every change of a synced row, whoever wrote it, in the same
transaction, numbered by a sequence that never gives a number twice."""
from __future__ import annotations

import sqlite3

from sqlalchemy import text

from db.base import Base
from tests.conftest import accept, complete_agreement, complete_record, register


def log(db, after: int = 0) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT seq, table_name, row_uid, op FROM change_log WHERE seq > :s ORDER BY seq"), {"s": after})]


def test_every_synced_table_logs_inserts_updates_and_deletes(db):
    synced = {t.name for t in Base.metadata.sorted_tables if "uid" in t.c}
    with db.engine.connect() as conn:
        triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert synced and {f"trg_{t}_log_{op}" for t in synced for op in "iud"} <= triggers


def test_orm_changes_and_hard_deletes_are_logged_in_order(db):
    start = log(db)[-1][0]
    d = register(db)
    with db.read() as s:
        uid = s.execute(text("SELECT uid FROM dispute WHERE id = :d"), {"d": d}).scalar()
    entries = log(db, start)
    assert ("dispute", uid, "i") in [e[1:] for e in entries] and sum(e[1] == "party" for e in entries) == 2
    accept(db, d)
    assert ("dispute", uid, "u") in [e[1:] for e in log(db, entries[-1][0])]
    complete_record(db, d)
    complete_agreement(db, d)
    with db.read() as s:
        terms = set(s.execute(text("SELECT uid FROM agreement_term")).scalars())
    mark = log(db)[-1][0]
    complete_agreement(db, d)          # rewriting an unsigned agreement replaces its terms: deletes are logged
    assert {e[2] for e in log(db, mark) if e[1] == "agreement_term" and e[3] == "d"} == terms
    seqs = [e[0] for e in log(db)]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_a_rolled_back_change_leaves_no_line_and_numbers_are_never_reused(db):
    before = log(db)
    conn = sqlite3.connect(db.path)
    conn.execute("BEGIN")
    conn.execute("UPDATE station SET name = name || '!'")
    conn.execute("ROLLBACK")
    assert log(db) == before
    conn.execute("UPDATE station SET name = name")        # a plain SQL write is logged too
    conn.commit()
    newest = log(db)[-1]
    assert newest[1:3] == ("station", before[0][2]) and newest[3] == "u"
    conn.execute("DELETE FROM change_log")                # pruned after the county's receipt
    conn.execute("UPDATE station SET name = name")
    conn.commit()
    conn.close()
    assert log(db)[-1][0] == newest[0] + 1
