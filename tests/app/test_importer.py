"""Importing a station's old register from Excel or CSV: all or nothing, every bad cell named, no duplicates."""
from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.errors import Cancelled
from app.services import disputes, importer
from app.services.importer import ImportFailed
from db.models import Dispute
from tests.conftest import ID_A, ID_B, TODAY

HEADERS = ["登记日期", "纠纷类型", "案件来源", "事由", "纠纷事实", "申请人", "申请人身份证号", "申请人电话",
           "被申请人", "被申请人身份证号", "被申请人电话", "涉及金额", "涉及人数", "状态"]
GOOD = [
    ["2026-03-05", "邻里", "当事人申请", "漏水纠纷", "楼上漏水。", "张三", ID_A, "13812345678", "李四", ID_B,
     "", "12000", "2", "调解成功"],
    ["2026/04/06", "合同", "", "借款纠纷", "借款未还。", "王五、赵六", "", "13900000001、13900000002", "孙七",
     "", "", "3000.5", "", "登记"],
    ["2026年5月7日", "婚姻家庭", "调委会主动调解", "赡养纠纷", "", "周八", "", "", "吴九", "", "", "", "", ""],
]


def write_csv(path, rows, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([HEADERS, *rows])
    return path


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def run(db, path, **kw):
    with db.write.begin() as s:
        return importer.import_register(s, path=path, today=TODAY, **kw)


def count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Dispute))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_each_encoding_imports_every_row(db, tmp_path, encoding):
    report = run(db, write_csv(tmp_path / "old.csv", GOOD, encoding))
    assert (report.rows, report.imported, report.errors) == (3, 3, ())
    with db.read() as s:
        titles = set(s.scalars(select(Dispute.title)))
        settled = s.scalar(select(Dispute).where(Dispute.title == "漏水纠纷"))
        view = disputes.get_dispute(s, dispute_id=settled.id)
        loan = disputes.get_dispute(s, dispute_id=s.scalar(select(Dispute.id).where(Dispute.title == "借款纠纷")))
    assert titles == {"漏水纠纷", "借款纠纷", "赡养纠纷"}
    assert view.status == "settled" and view.case_no == "(2026)城人调字第1号" and view.amount == Decimal("12000.00")
    assert [p.name for p in loan.parties] == ["王五", "赵六", "孙七"]
    assert [p.phone for p in loan.parties[:2]] == ["13900000001", "13900000002"]
    assert loan.registered_on.isoformat() == "2026-04-06" and loan.type_code == "04"


def test_xlsx_with_real_dates_and_numbers(db, tmp_path):
    rows = [list(r) for r in GOOD]
    rows[0][0], rows[0][11] = datetime(2026, 3, 5), 12000.5
    report = run(db, write_xlsx(tmp_path / "old.xlsx", rows))
    assert report.imported == 3
    with db.read() as s:
        row = s.scalar(select(Dispute).where(Dispute.title == "漏水纠纷"))
        assert row.amount_fen == 1200050 and row.registered_on.isoformat() == "2026-03-05"


def test_file_with_bad_rows_imports_nothing_and_lists_every_problem(db, tmp_path):
    rows = [list(r) for r in GOOD]
    rows[1][6] = "110105194912310021"          # bad check digit (and one ID for two names)
    rows[2][0] = "2026-13-01"
    rows[2][1] = "打架"
    report = run(db, write_csv(tmp_path / "bad.csv", rows))
    problems = {(e.row, e.column) for e in report.errors}
    assert problems == {(3, "申请人身份证号"), (4, "登记日期"), (4, "纠纷类型")}
    assert all(str(e).startswith("第 ") for e in report.errors)
    assert count(db) == 0


def test_dry_run_reports_without_importing(db, tmp_path):
    report = run(db, write_csv(tmp_path / "old.csv", GOOD), dry_run=True)
    assert report.ok and report.imported == 3 and report.dry_run
    assert count(db) == 0


def test_importing_the_same_file_twice_does_not_duplicate(db, tmp_path):
    path = write_csv(tmp_path / "old.csv", GOOD + [GOOD[0]])      # a repeated row inside the file too
    first = run(db, path)
    second = run(db, path)
    assert (first.imported, first.already_present) == (3, 1)
    assert (second.imported, second.already_present) == (0, 4)
    assert count(db) == 3


def test_cancelled_import_leaves_nothing(db, tmp_path):
    with pytest.raises(Cancelled):
        run(db, write_csv(tmp_path / "old.csv", GOOD), is_cancelled=lambda: True)
    assert count(db) == 0


def test_missing_headers_and_wrong_format_are_refused(db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("日期,事由\n2026-01-01,x\n", encoding="utf-8")
    report = run(db, path)
    assert {(e.row, e.column) for e in report.errors} == {(1, "日期"), (1, "登记日期"), (1, "纠纷类型"), (1, "申请人")}
    assert "“登记日期”" in str(report.errors[0]) and count(db) == 0
    other = tmp_path / "x.doc"
    other.write_bytes(b"nothing")
    with pytest.raises(ImportFailed, match="xlsx"):
        run(db, other)


KEPT = HEADERS + ["案号", "结案日期", "调解结果", "协议金额", "协议形式"]


def write_kept(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([KEPT, *rows])
    return path


def test_the_register_is_kept_whole_and_closed_cases_count_in_their_period(db, tmp_path):
    from app.services import statistics
    from app.services.statistics import Period

    base = GOOD[0][:13]
    rows = [
        [*base, "调解成功", "(2025)城人调字第88号", "2026-10-12", "调解成功", "8,000", "口头"],
        [*base[:3], "宅基地纠纷", *base[4:], "已归档", "城人调字89", "2026/10/20", "调解不成", "", ""],
        [*base[:3], "债务纠纷", *base[4:], "", "", "2026年10月25日", "终止", "", ""],
        [*base[:3], "赔偿纠纷", *base[4:], "已履行", "", "2026-11-02", "调解成功", "1500", ""],
    ]
    report = run(db, write_kept(tmp_path / "old.csv", rows))
    assert report.ok and report.imported == 4, report.errors
    with db.read() as s:
        by_title = {d.title: disputes.get_dispute(s, dispute_id=d.id) for d in s.scalars(select(Dispute))}
        october = statistics.compute(s, Period.parse("2026-10")).total.values
        november = statistics.compute(s, Period.parse("2026-11")).total.values
    leak = by_title["漏水纠纷"]
    assert leak.original_case_no == "(2025)城人调字第88号" and leak.closed_on.isoformat() == "2026-10-12"
    assert leak.outcome == "oral" and leak.agreed_amount == Decimal("8000.00")
    assert by_title["宅基地纠纷"].closed_as == "failed" and by_title["宅基地纠纷"].status == "archived"
    assert by_title["债务纠纷"].status == "ended" and by_title["赔偿纠纷"].outcome == "written"
    assert [h.to_status for h in by_title["赔偿纠纷"].history] == ["registered", "settled", "performed"]
    assert (october["concluded"], october["settled"], october["failed"], october["ended"]) == (3, 1, 1, 1)
    assert (october["oral"], october["written"]) == (1, 0)
    assert (november["concluded"], november["settled"], november["written"]) == (1, 1, 1)
    from app.services import register
    with db.read() as s:                  # the original number finds the case in the register's search box
        found = register.fetch_page(s, register.RegisterQuery(search="2025城人调字第88号"), offset=0, limit=10)
    assert [r.title for r in found] == ["漏水纠纷"]
    with db.write.begin() as s:           # and still does once the case's index entry is written anew
        from app import search_index
        search_index.refresh(s, [leak.id])
    with db.read() as s:
        found = register.fetch_page(s, register.RegisterQuery(search="2025城人调字第88号"), offset=0, limit=10)
    assert [r.title for r in found] == ["漏水纠纷"]


def test_inconsistent_closing_columns_are_named(db, tmp_path):
    base = GOOD[0][:13]
    rows = [[*base, "调解中", "", "", "调解成功", "", ""],
            [*base, "", "", "2026-10-12", "", "", ""],
            [*base, "", "", "2030-01-01", "调解不成", "500", "书面"],
            [*base, "", "", "", "和好", "", "录音"]]
    report = run(db, write_kept(tmp_path / "bad.csv", rows))
    problems = {(e.row, e.column) for e in report.errors}
    assert problems == {(2, "调解结果"), (3, "结案日期"), (4, "结案日期"), (4, "协议金额"), (4, "协议形式"),
                        (5, "调解结果"), (5, "协议形式")}
    assert count(db) == 0


def test_the_original_case_number_is_shown_and_found_as_the_station_types_it(head_login, tmp_path, capsys):
    """`cases import`, then `cases show` gives the 原案号 and the agreed amount kept from the old register, and
    `cases list --search` finds the case by its original number typed whole, brackets and all."""
    from ui.cli import main

    db = head_login
    base = GOOD[0][:13]
    path = write_kept(tmp_path / "old.csv", [[*base, "调解成功", "(2025)城人调字第88号", "2026-10-12", "调解成功",
                                              "8,000", "口头"]])
    assert main(["--db", str(db.path), "cases", "import", str(path)]) == 0
    with db.read() as s:
        case_no = s.scalar(select(Dispute.case_no))
    assert case_no and case_no != "(2025)城人调字第88号"
    capsys.readouterr()
    assert main(["--db", str(db.path), "cases", "show", case_no]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[:2] == [f"案号: {case_no}", "原案号: (2025)城人调字第88号"]
    assert any(line.startswith("协议金额（元，原台账记载）: ") and "8,000.00" in line for line in shown), shown
    for typed in ("(2025)城人调字第88号", "（2025）城人调字第88号", "2025城人调字第88号"):
        assert main(["--db", str(db.path), "cases", "list", "--search", typed]) == 0
        assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == [case_no], typed
    assert main(["--db", str(db.path), "cases", "list", "--search", "(2025)城人调字第89号"]) == 0
    assert capsys.readouterr().out == ""
