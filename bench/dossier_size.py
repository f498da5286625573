"""The dossier of a crowded case (20 parties, more than 50 documents) against the dossier of an ordinary full
case (2 parties), both assembled (every document issued) and rendered in the same run, on a fresh
station of their own (the test data builders of tests/conftest.py)."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _station():
    from app import clock
    from app.database import open_database
    from app.services import mediators, stations
    from tests.conftest import FROZEN_AT, Db

    clock.freeze(FROZEN_AT)          # the test builders date their records around this day
    path = Path(tempfile.mkdtemp(prefix="bench-dossier-")) / "station.sqlite"
    engine, read, write = open_database(path)
    with write.begin() as s:
        stations.init_station(s, name="城关镇人民调解委员会", code="330101001", county="某某县", case_prefix="城人",
                              mediator_name="王调解", mediator_phone="13900001111")
        mediators.add_mediator(s, name="李记录", role="clerk")
    return Db(path, engine, read, write)


def _time(db, dispute_id: int, runs: int = 3) -> tuple[float, int, int]:
    """Median seconds to assemble and render; pages; documents."""
    from app.documents.dossier import build_dossier
    from app.printouts import render_pdf

    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with db.write.begin() as s:
            doc = build_dossier(s, dispute_id=dispute_id)
        printed = render_pdf(doc)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), printed.pages, sum(e.document is not None for e in doc.entries)


def main() -> dict[str, float]:
    from app import i18n
    from tests.conftest import crowded_case, full_case_record

    i18n.install("zh_CN")
    db = _station()
    ordinary, crowded = full_case_record(db), crowded_case(db)
    _time(db, ordinary, runs=1)                       # fonts registered, documents issued once
    base_s, base_pages, base_docs = _time(db, ordinary)
    big_s, big_pages, big_docs = _time(db, crowded)
    print(f"dossier, ordinary case: {base_docs} documents, {base_pages} pages in {base_s:.2f} s (median of 3)")
    print(f"dossier, 20 parties: {big_docs} documents, {big_pages} pages in {big_s:.2f} s "
          f"({big_s / base_s:.1f}× the ordinary one for {big_pages / base_pages:.1f}× the pages; "
          f"{big_s / big_pages * 1000:.0f} ms a page against {base_s / base_pages * 1000:.0f})")
    return {"ordinary_s": base_s, "ordinary_pages": base_pages, "crowded_s": big_s, "crowded_pages": big_pages,
            "crowded_documents": big_docs}


if __name__ == "__main__":
    main()
