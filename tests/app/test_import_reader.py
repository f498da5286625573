"""A large .xlsx register is checked and read in a second process: the same rows, the same refusals in the user's
language, and no reader left running when the import stops early."""
from __future__ import annotations

import multiprocessing
from datetime import datetime

import pytest
from sqlalchemy import select

from app import i18n, register_file
from app.services import importer
from app.services.importer import ImportFailed
from db.models import Dispute
from tests.app.test_importer import GOOD, HEADERS, run, write_xlsx


@pytest.fixture
def reader_process(monkeypatch):
    """Every .xlsx goes through the reader process, and each start is counted."""
    started = []
    real = register_file._rows_from_reader

    def counted(path):
        started.append(path)
        return real(path)

    monkeypatch.setattr(register_file, "READER_PROCESS_BYTES", 0)
    monkeypatch.setattr(register_file, "_rows_from_reader", counted)
    return started


def _read(path) -> tuple[int, list, list]:
    with register_file.open_register(path) as register:
        return register.total, list(register.rows), register.errors


def test_the_reader_process_reads_what_reading_here_reads(tmp_path, reader_process, monkeypatch):
    rows = [list(r) for r in GOOD] + [[datetime(2026, 7, 8), "邻里", "", "数字格", "", "钱一", "", 13800000000,
                                       "", "", "", 1234.5, 3, ""]]
    path = write_xlsx(tmp_path / "old.xlsx", rows)
    through_reader = _read(path)
    monkeypatch.setattr(register_file, "READER_PROCESS_BYTES", 1 << 40)
    here = _read(path)
    assert len(reader_process) == 1 and through_reader == here
    assert here[0] == 4 and len(here[1]) == 4 and here[1][-1][1]["登记日期"] == datetime(2026, 7, 8)
    assert not multiprocessing.active_children()


def test_a_large_register_imports_through_the_reader_process(db, tmp_path, reader_process):
    report = run(db, write_xlsx(tmp_path / "old.xlsx", GOOD))
    assert reader_process and (report.rows, report.imported, report.errors) == (3, 3, ())
    with db.read() as s:
        assert set(s.scalars(select(Dispute.title))) == {"漏水纠纷", "借款纠纷", "赡养纠纷"}
    assert not multiprocessing.active_children()


def test_a_file_the_reader_refuses_is_refused_in_the_users_language(db, tmp_path, reader_process):
    fake = tmp_path / "register.xlsx"
    fake.write_bytes(b"PK\x03\x04" + b"\x00" * 4096)        # starts like a zip, is none
    i18n.install("zh_CN")
    try:
        with pytest.raises(ImportFailed) as refused:
            run(db, fake)
    finally:
        i18n.install("en")
    assert reader_process == [fake]
    assert "Excel" in str(refused.value) and any("\u4e00" <= ch <= "\u9fff" for ch in str(refused.value))
    assert not multiprocessing.active_children()


def test_bad_rows_are_named_with_their_spreadsheet_row(db, tmp_path, reader_process):
    rows = [list(r) for r in GOOD] + [["2026-06-01", "不存在的类型", "", "某纠纷", "", "郑十", "", "", "", "", "", "",
                                       "", ""]]
    report = run(db, write_xlsx(tmp_path / "old.xlsx", rows))
    assert report.imported == 0 and [e.row for e in report.errors] == [5]
    assert not multiprocessing.active_children()


def test_an_import_that_stops_early_leaves_no_reader_running(db, tmp_path, reader_process):
    # Many rows, every one wrong: the import stops at its error limit while the reader still has rows to send.
    bad = ["2026-06-01", "不存在的类型", "", "某纠纷", "", "郑十", "", "", "", "", "", "", "", ""]
    report = run(db, write_xlsx(tmp_path / "old.xlsx", [bad] * (importer.MAX_ERRORS * 20)))
    assert report.imported == 0 and len(report.errors) == importer.MAX_ERRORS + 1
    assert not multiprocessing.active_children()


def test_headers_are_checked_as_ever(db, tmp_path, reader_process):
    path = tmp_path / "old.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append([*HEADERS, "申请人身份证号码"])
    book.save(path)
    report = run(db, path)
    assert [e.column for e in report.errors] == ["申请人身份证号码"]
    assert not multiprocessing.active_children()
