"""Hostile register files through the real command (`mediation-station cases import`): each is refused with a
Chinese message naming its row and column (or why the file as a whole cannot be read), and the database is left
exactly as it was. Good files in every accepted encoding still import."""
from __future__ import annotations

import hashlib
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.access import Actor, perform
from app.errors import Cancelled, PermissionRefused
from app.services import importer
from tests.app.test_importer import GOOD, HEADERS, write_csv, write_xlsx
from tests.conftest import CLI_PASSWORD, CLI_USER, TODAY
from ui.cli import main

# What a raw library error looks like: an exception's name, or English from openpyxl, csv, codecs or zipfile.
RAW = ("Error", "Exception", "Traceback", "codec", "field larger", "line contains", "not a zip", "CRC", "invalid",
       "expected", "out of range", "is not")


@pytest.fixture
def db(db, cli_env):
    """The station, with the head's account that the command line logs in with."""
    from app.services import accounts

    with db.write.begin() as s:
        accounts.add_account(s, name=CLI_USER, role="head", password=CLI_PASSWORD)
    return db


# The command's own login writes these (the account's last login, and its audit entry): compared apart.
LOGIN_TABLES = ("account", "audit_log", "audit_head")


def digest(path: Path) -> str:
    """Every row of every table (change log included), so that "nothing changed" is exact; of the audit trail,
    every entry but the command's logins."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for row in conn.execute("SELECT action, detail FROM audit_log WHERE action != 'login' ORDER BY seq"):
            h.update(repr(row).encode())
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            if table not in LOGIN_TABLES:
                for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{table}"')):
                    h.update(f"{table}:{row}".encode())
        return h.hexdigest()
    finally:
        conn.close()


def cli_import(capsys, db, path: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["--db", str(db.path), "cases", "import", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, db, path: Path) -> str:
    """Import through the command line; assert it failed, said why in Chinese, and changed nothing."""
    before = digest(db.path)
    code, _out, err = cli_import(capsys, db, path)
    assert code == 1, err
    assert digest(db.path) == before
    message = err.replace("\r", "\n")
    assert not any(word in message for word in RAW), message
    return message


def csv_text(headers: list[str], rows: list[list[str]]) -> str:
    return "\n".join(",".join(r) for r in [headers, *rows]) + "\n"


# --- headers ------------------------------------------------------------------------------------------------

def test_unknown_header_is_an_error_naming_the_closest_known_one(db, capsys, tmp_path):
    headers = [h if h != "申请人身份证号" else "申请人身份证号码" for h in HEADERS]
    path = tmp_path / "r.csv"
    path.write_text(csv_text(headers, [GOOD[0]]), encoding="utf-8")
    message = refused(capsys, db, path)
    assert "第 1 行，“申请人身份证号码”列" in message and "“申请人身份证号”" in message


def test_an_unknown_header_far_from_any_known_one_lists_the_headers(db, capsys, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text(HEADERS + ["备注"], [GOOD[0] + ["楼上"]]), encoding="utf-8")
    message = refused(capsys, db, path)
    assert "“备注”列" in message and "登记日期、纠纷类型" in message


def test_duplicate_header_is_an_error_naming_both_columns(db, capsys, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [GOOD[0] + ["另一个事由"]])
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active.cell(row=1, column=len(HEADERS) + 1, value="事由")
    book.save(path)
    message = refused(capsys, db, path)
    assert "第 1 行，“事由”列" in message and "D" in message and "O" in message


def test_values_in_a_column_without_header_are_an_error(db, capsys, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text(HEADERS, [GOOD[0] + ["多出来的一格"]]), encoding="utf-8")
    message = refused(capsys, db, path)
    assert "第 2 行，“O”列" in message


# --- encodings ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-be-bom"])
def test_each_accepted_encoding_imports_the_chinese_text_intact(db, capsys, tmp_path, encoding):
    path = tmp_path / "r.csv"
    text = csv_text(HEADERS, GOOD)
    if encoding == "utf-16-be-bom":
        path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    else:
        path.write_text(text, encoding=encoding)
    code, out, err = cli_import(capsys, db, path)
    assert code == 0, err
    assert "3" in out
    with sqlite3.connect(db.path) as conn:
        names = {n for (n,) in conn.execute("SELECT name FROM party")}
    assert {"张三", "李四", "王五", "赵六", "孙七", "周八", "吴九"} == names


def test_utf16_without_bom_is_refused_clearly(db, capsys, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_text(HEADERS, GOOD).encode("utf-16-le"))
    message = refused(capsys, db, path)
    assert "UTF-16" in message and "BOM" in message and "CSV UTF-8" in message


def test_garbage_bytes_are_refused_naming_the_line(db, capsys, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_text(HEADERS, GOOD).encode("gb18030") + b"\x80\xff\xfe\x81\x30\n")
    message = refused(capsys, db, path)
    assert "第 5 行" in message and "GB18030" in message


def test_binary_file_named_csv_is_refused(db, capsys, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(bytes(range(256)) * 40)
    message = refused(capsys, db, path)
    assert "不是文本表格" in message or "二进制" in message


def test_utf8_with_one_bad_byte_names_the_line_instead_of_reading_nonsense(db, capsys, tmp_path):
    path = tmp_path / "r.csv"
    lines = csv_text(HEADERS, GOOD).encode("utf-8").split(b"\n")
    lines[3] = lines[3].replace("赡养".encode(), b"\xe8\xb5")          # a character cut in half
    path.write_bytes(b"\n".join(lines))
    message = refused(capsys, db, path)
    assert "第 4 行" in message and "UTF-8" in message


# --- cells and numbers --------------------------------------------------------------------------------------

def test_ten_megabyte_cell_in_csv_names_its_row_and_column(db, capsys, tmp_path):
    rows = [list(r) for r in GOOD]
    rows[1][4] = "漏" * (10 * 1024 * 1024 // 3)
    message = refused(capsys, db, write_csv(tmp_path / "r.csv", rows))
    assert "第 3 行，“纠纷事实”列" in message and "32,767" in message


def test_ten_megabyte_cell_in_xlsx_names_its_row_and_column(db, capsys, tmp_path):
    rows = [list(r) for r in GOOD]
    rows[2][4] = "GIANT"
    path = shared_strings(write_xlsx(tmp_path / "r.xlsx", rows))   # openpyxl would cut a cell at 32,767
    rewrite_part(path, "xl/sharedStrings.xml", lambda xml: xml.replace(b"GIANT", b"x" * (10 * 1024 * 1024)))
    message = refused(capsys, db, path)
    assert "第 4 行，“纠纷事实”列" in message and "32,767" in message


def test_huge_numbers_are_refused_with_their_row_and_column(db, capsys, tmp_path):
    rows = [list(r) for r in GOOD]
    rows[0][11] = "1e400"
    rows[1][11] = "9" * 40
    rows[2][12] = "9" * 30
    message = refused(capsys, db, write_csv(tmp_path / "r.csv", rows))
    assert "第 2 行，“涉及金额”列：金额过大" in message
    assert "第 3 行，“涉及金额”列：金额过大" in message
    assert "第 4 行，“涉及人数”列" in message


def test_huge_numbers_in_xlsx_cells_are_refused(db, capsys, tmp_path):
    rows = [list(r) for r in GOOD]
    rows[0][11], rows[1][11], rows[2][12] = 10 ** 300, 1e300, 10 ** 25
    message = refused(capsys, db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert "第 2 行，“涉及金额”列：金额过大" in message and "第 3 行，“涉及金额”列：金额过大" in message
    assert "第 4 行，“涉及人数”列" in message


def test_a_number_too_long_to_read_is_refused_before_reading(db, capsys, tmp_path):
    rows = [list(r) for r in GOOD]
    rows[0][11] = 12000
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"<v>12000</v>", b"<v>" + b"9" * 5000 + b"</v>"))
    message = refused(capsys, db, path)
    assert "第 2 行，“L”列" in message and "位" in message


# --- files that are not what they say -----------------------------------------------------------------------

def test_csv_renamed_to_xlsx_is_refused(db, capsys, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_text(csv_text(HEADERS, GOOD), encoding="utf-8")
    assert "不是 Excel 工作簿" in refused(capsys, db, path)


def test_old_xls_file_is_told_to_be_saved_as_xlsx(db, capsys, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    assert "旧版 Excel 文件（.xls）" in refused(capsys, db, path)


def test_cut_short_or_damaged_workbook_is_refused(db, capsys, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", GOOD)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "Excel" in refused(capsys, db, path)
    path = write_xlsx(tmp_path / "s.xlsx", GOOD)
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    assert "已损坏" in refused(capsys, db, path)


def test_xml_entities_are_refused(db, capsys, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", GOOD)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>')
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: laughs + xml.split(b"?>", 1)[-1])
    assert "XML" in refused(capsys, db, path)


def test_rows_out_of_order_are_refused_not_silently_dropped(db, capsys, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", GOOD)
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'<row r="3"', b'<row r="2"'))
    assert "行" in refused(capsys, db, path)


def rewrite_part(path: Path, name: str, change) -> Path:
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts[name] = change(parts.get(name, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for part, data in parts.items():
            out.writestr(part, data)
    return path


def shared_strings(path: Path) -> Path:
    """openpyxl writes text inline; Excel and WPS keep it in a shared-strings table: convert to that."""
    strings: list[bytes] = []

    def to_index(m: re.Match) -> bytes:
        strings.append(m[2])
        return b'<c r="%s" t="s"><v>%d</v></c>' % (m[1], len(strings) - 1)

    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>', to_index, xml))
    rewrite_part(path, "xl/sharedStrings.xml", lambda _xml: (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si><t>%s</t></si>" % t for t in strings) + b"</sst>"))
    rewrite_part(path, "xl/_rels/workbook.xml.rels", lambda xml: xml.replace(b"</Relationships>", (
        b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings"/></Relationships>')))
    return rewrite_part(path, "[Content_Types].xml", lambda xml: xml.replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>')))


# --- who may import, all or nothing, the audit trail --------------------------------------------------------

def test_a_mediator_may_not_import_and_the_refusal_is_recorded(db, tmp_path):
    path = write_csv(tmp_path / "r.csv", GOOD)
    before = digest(db.path)
    mediator = Actor(account_id=None, name="王调解", role="mediator", mediator_id=1)
    with pytest.raises(PermissionRefused, match="主任"):
        perform(db.write, mediator, lambda s: importer.import_register(s, path=path, today=TODAY))
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT count(*) FROM dispute").fetchone() == (0,)
        assert conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() == ("refused",)
    assert digest(db.path) != before      # only the refusal's own entry


def test_cancel_after_some_chunks_were_written_leaves_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 1)
    rows = [list(r) for r in GOOD]
    before = digest(db.path)
    calls = iter([False] * 2 + [True] * 10)     # the first chunks go in, then the user cancels
    with pytest.raises(Cancelled):
        with db.write.begin() as s:
            importer.import_register(s, path=write_csv(tmp_path / "r.csv", rows), today=TODAY,
                                     is_cancelled=lambda: next(calls))
    assert digest(db.path) == before


def test_imported_cases_keep_the_audit_chain_verifiable_and_their_history(db, capsys, tmp_path):
    from app.services.case_history import case_history

    path = write_xlsx(tmp_path / "r.xlsx", GOOD)
    assert cli_import(capsys, db, path)[0] == 0
    assert main(["--db", str(db.path), "audit", "verify"]) == 0
    with db.read() as s:
        lines = case_history(s, dispute_id=1)
    assert [line.text for line in lines] == ["从原台账导入了本案（r.xlsx），状态为调解成功"]
    code, _out, _err = cli_import(capsys, db, path)
    assert code == 0 and main(["--db", str(db.path), "audit", "verify"]) == 0
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT count(*) FROM dispute").fetchone() == (3,)
        assert conn.execute("SELECT count(*) FROM change_log WHERE table_name = 'party'").fetchone() == (7,)
    # The imported cases are found by the register's search, as cases typed in are.
    found = main(["--db", str(db.path), "cases", "list", "--search", "孙七", "--json"])
    assert found == 0 and "借款纠纷" in capsys.readouterr()[0]


def test_workbook_written_by_excel_with_shared_strings_and_a_styled_far_column(db, capsys, tmp_path):
    """Shared strings (as Excel and WPS write them) and an empty but formatted cell far to the right import."""
    path = tmp_path / "r.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for r in GOOD:
        sheet.append(r)
    sheet.cell(row=2, column=200).number_format = "0.00"     # styled, no value: nothing to lose
    book.save(path)
    code, out, err = cli_import(capsys, db, shared_strings(path))
    assert code == 0, err
    assert "3" in out


def test_problems_are_printed_on_lines_of_their_own_after_the_progress(db, capsys, tmp_path):
    rows = [[*GOOD[1][:3], f"借款纠纷{i}", *GOOD[1][4:]] for i in range(1500)]
    rows[-1][0] = "2026-13-01"
    code, _out, err = cli_import(capsys, db, write_csv(tmp_path / "r.csv", rows))
    assert code == 1 and "读取行 1000/" in err
    assert [line for line in err.split("\n") if "第 1501 行" in line] == ["第 1501 行，“登记日期”列：" +
                                                                         err.split("“登记日期”列：")[1].split("\n")[0]]
