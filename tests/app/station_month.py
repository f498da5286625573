"""A small fixed station for the work-log, monthly-report and case-library tests, with its hand counts."""
from __future__ import annotations

from datetime import date

from tests.conftest import TODAY, Db, accept, act, closed_case, register, signed_case


def fixed_station(db: Db) -> dict[str, int]:
    """November 2026: a written settlement (d1), a failure (d2), an oral settlement performed and visited (d3),
    a case ended by a party (d5), all registered 20 and accepted 21 November with one session each on the 22nd;
    and a contract dispute from October still open past its deadline (d4)."""
    from app.lifecycle import Action, Outcome

    d1 = signed_case(db)
    act(db, d1, Action.SETTLE, outcome=Outcome.WRITTEN)
    d2 = closed_case(db, "failed")
    d3 = closed_case(db, "oral")
    d4 = register(db, registered_on="2026-10-05", type_code="04", title="王五与赵六合同纠纷")
    accept(db, d4, on=date(2026, 10, 6))
    d5 = closed_case(db, "ended")
    return {"d1": d1, "d2": d2, "d3": d3, "d4": d4, "d5": d5}


# What a person counts by hand over fixed_station for 2026-11.
HAND = {"registered": 4, "accepted": 4, "declined": 0, "referred": 0, "settled": 2, "failed": 1, "ended": 1,
        "written": 1, "oral": 1, "written_fen": 350050, "oral_fen": 350050, "sessions": 4, "hearings": 0,
        "follow_ups": 1, "overdue": 1}
MONTH = f"{TODAY.year}-{TODAY.month:02d}"
