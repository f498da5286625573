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


def screening_month(db: Db) -> dict[str, int]:
    """The station's 排查 and 预防 beside fixed_station: in November a visit to 城东村（一网格） by 王调解 and 李记录 that
    found two disputes, a visit to 西山村 by 李记录 alone that found none, a grid worker's report and a dispute
    prevented; in October a visit by 王调解 to 城东村 (another month)."""
    from app.services import places, prevention, screenings

    with db.write.begin() as s:
        east = places.add_place(s, name="城东村")
        grid = places.add_grid(s, place_id=east.id, name="一网格")
        west = places.add_place(s, name="西山村")
        both = screenings.add_screening(s, visited_on=date(2026, 11, 10), place_id=east.id, grid_id=grid.id,
                                        mediator_ids=[1, 2], findings=[
                                            screenings.FindingDraft("两户因排水沟争执", "02", 4, "yellow"),
                                            screenings.FindingDraft("土地承包边界不清", "07", 2)])
        alone = screenings.add_screening(s, visited_on=date(2026, 11, 18), place_id=west.id, mediator_ids=[2])
        october = screenings.add_screening(s, visited_on=date(2026, 10, 28), place_id=east.id, mediator_ids=[1])
        screenings.add_info_report(s, reporter="赵六", reporter_role="grid_worker", reported_on=date(2026, 11, 12),
                                   content="楼上漏水", place_id=east.id)
        prevention.add_prevented(s, on_date=date(2026, 11, 15), type_code="02", people_involved=3, how="上门劝解",
                                 place_id=west.id, mediator_ids=[2])
    return {"both": both.id, "alone": alone.id, "october": october.id}


# What a person counts by hand over screening_month for 2026-11.
HAND_SCREENING = {"screenings": 2, "found": 2, "reports": 1, "prevented": 1}
