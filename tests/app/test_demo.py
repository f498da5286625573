"""Synthetic cases: complete coverage, valid data, gap-free numbers, and a cancel that leaves nothing."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import func, select

from app import codes, validation
from app.errors import Cancelled
from app.services import demo
from db.models import CaseCounter, Dispute, Party, StatusChange
from tests.conftest import TODAY


def test_demo_covers_every_type_source_status_and_risk(db):
    with db.write.begin() as s:
        result = demo.generate(s, cases=60, seed=7, today=TODAY)
    with db.read() as s:
        rows = s.execute(select(Dispute.type_code, Dispute.source_code, Dispute.status, Dispute.risk_level)).all()
        assert result.cases == len(rows) == 60
        assert {r[0] for r in rows} == {c.code for c in codes.dispute_types().codes}
        assert {r[1] for r in rows} == {c.code for c in codes.case_sources().codes}
        assert {r[2] for r in rows} == {c.code for c in codes.statuses().codes}
        assert {r[3] for r in rows} == {c.code for c in codes.risk_levels().codes}
        counts = s.execute(select(Party.dispute_id, func.count()).group_by(Party.dispute_id)).all()
        assert all(1 <= n <= 4 for _, n in counts) and result.parties == sum(n for _, n in counts)


def test_demo_people_numbers_and_history_are_valid(db):
    with db.write.begin() as s:
        demo.generate(s, cases=200, seed=3, today=TODAY)
    with db.read() as s:
        for p in s.scalars(select(Party)):
            if p.id_number:
                assert validation.id_number(p.id_number, today=TODAY) == p.id_number
            if p.credit_code:
                assert validation.credit_code(p.credit_code)
            assert validation.phone(p.phone)
        per_year = defaultdict(list)
        for d in s.scalars(select(Dispute)):
            if d.case_no:
                per_year[d.case_year].append(d.case_seq)
                assert d.accepted_on >= d.registered_on and d.deadline > d.accepted_on
            history = s.scalars(select(StatusChange.to_status).where(StatusChange.dispute_id == d.id)
                                .order_by(StatusChange.id)).all()
            assert history[0] == "registered" and history[-1] == d.status
            assert (d.case_no is not None) == ("accepted" in history)
        for year, seqs in per_year.items():
            assert sorted(seqs) == list(range(1, len(seqs) + 1))
            assert s.get(CaseCounter, (1, year)).last_seq == len(seqs)


def test_demo_is_reproducible_with_a_seed(tmp_path, db):
    with db.write.begin() as s:
        demo.generate(s, cases=30, seed=11, today=TODAY)
    with db.read() as s:
        first = s.scalars(select(Dispute.facts).order_by(Dispute.id)).all()
    with db.write.begin() as s:
        demo.generate(s, cases=30, seed=11, today=TODAY)
    with db.read() as s:
        second = s.scalars(select(Dispute.facts).where(Dispute.id > 30).order_by(Dispute.id)).all()
    assert first == second


def test_cancelled_demo_leaves_nothing(db):
    calls = []
    with pytest.raises(Cancelled):
        with db.write.begin() as s:
            demo.generate(s, cases=5000, seed=1, today=TODAY, progress=lambda d, t: calls.append(d),
                          is_cancelled=lambda: len(calls) >= 1)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dispute)) == 0
        assert s.scalar(select(func.count()).select_from(Party)) == 0
    assert calls == [demo.CHUNK]


def test_demo_fills_every_record_and_closed_cases_pass_the_checks(db):
    from sqlalchemy import text

    from app.checks import check_case, errors
    from app.services.case_record import load_case_record

    with db.write.begin() as s:
        demo.generate(s, cases=400, seed=5, today=TODAY)
    with db.read() as s:
        for table in ("mediation_session", "investigation", "evidence", "hearing", "agreement", "agreement_term",
                      "agreement_citation", "follow_up", "hearing_officer"):
            assert s.execute(text(f"SELECT count(*) FROM {table}")).scalar() > 0, table
        assert s.execute(text("SELECT count(*) FROM agreement WHERE form = 'oral'")).scalar() > 0
        assert s.execute(text("SELECT count(*) FROM follow_up WHERE visited_on IS NOT NULL")).scalar() > 0
        unsettled = s.execute(text("SELECT count(*) FROM dispute d WHERE outcome IS NOT NULL AND NOT EXISTS "
                                   "(SELECT 1 FROM agreement a WHERE a.dispute_id = d.id)")).scalar()
        assert unsettled == 0
        closed = s.execute(text("SELECT id FROM dispute WHERE status IN ('performed', 'archived')")).scalars().all()
        assert closed
        for dispute_id in closed:
            assert errors(check_case(load_case_record(s, dispute_id=dispute_id), today=TODAY)) == []


def test_demo_agreements_have_distinct_terms_naming_the_parties(db):
    """No agreement repeats a term, and none says 被申请人向申请人… instead of the parties' names (issue 15)."""
    from db.models import Agreement, AgreementTerm

    with db.write.begin() as s:
        demo.generate(s, cases=80, seed=3, today=TODAY)
    with db.read() as s:
        terms = s.execute(select(Agreement.id, AgreementTerm.content).join(
            AgreementTerm, AgreementTerm.agreement_id == Agreement.id)).all()
    by_agreement = defaultdict(list)
    for agreement_id, content in terms:
        by_agreement[agreement_id].append(content)
    assert by_agreement and all(len(set(t)) == len(t) for t in by_agreement.values())
    assert not [c for _a, c in terms if "申请人" in c]


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2028, 2, 29)])
def test_demo_looks_like_a_station_at_work_on_the_clocks_today(db, today):
    """Dates follow clock.today(): recent cases over the last months, some things due this week, a handful
    overdue by days, never by months (issue 16: the demo filled the agenda with years-old visits)."""
    from datetime import datetime, time

    from sqlalchemy import text

    from app import clock
    from app.services.agenda import agenda

    clock.freeze(datetime.combine(today, time(10)))
    with db.write.begin() as s:
        demo.generate(s, cases=500, seed=9)                  # no date given: the clock's
    with db.read() as s:
        registered = [r[0] for r in s.execute(text("SELECT registered_on FROM dispute")).all()]
        items = agenda(s, on=today)
        unvisited = s.execute(text("SELECT due_on FROM follow_up WHERE visited_on IS NULL")).scalars().all()
        steps = s.execute(text("SELECT on_date, at FROM status_change")).all()
    ages = [(today - date.fromisoformat(d)).days for d in registered]
    assert 0 <= min(ages) <= 3 and max(ages) <= 730
    assert sum(a <= 90 for a in ages) >= len(ages) // 5         # a good share from the last three months
    assert len({a // 30 for a in ages}) >= 12                   # spread over the months
    late = [i for i in items if i.bucket(today) == "overdue"]
    assert 1 <= len(late) <= len(ages) // 20                    # a handful
    assert max((today - i.due_on).days for i in late) <= 10     # late by days
    assert sum(i.bucket(today) in ("today", "week") for i in items) >= 10
    assert all((today - date.fromisoformat(d)).days <= 10 for d in unvisited)
    # each step recorded on its own day (the 历程's "记录于"), in Beijing time
    from datetime import timedelta
    assert all((datetime.fromisoformat(at) + timedelta(hours=8)).date() == date.fromisoformat(on)
               for on, at in steps)
