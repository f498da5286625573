"""A golden case per document type, issued, rendered and parsed back: the text holds every part the registry
requires of the type, the page carries its code, and pdffonts finds every font embedded."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from app.documents import issuing
from app.documents.registry import REGISTRY
from app.printouts import render_pdf
from tests.conftest import closed_case, full_case_record, station_work_record

# The case that has each type: the full case has most; the others close without a written agreement.
GOLDEN = {"decline-notice": "declined", "referral": "referred", "termination": "failed",
          "oral-agreement": "oral"}
# The standard wording each golden document holds besides the parts the registry requires (issue 15).
WORDING = {
    "agreement": ("经调解，双方自愿达成如下协议：", "（一）李四赔偿张三维修费", "（二）李四修复卫生间防水层。本项由李四向张三履行。",
                  "履行人：李四；受领人：张三", "《中华人民共和国民法典》第二百九十六条规定：“不动产权利人因用水",
                  "2021年1月1日起施行的文本"),
    "oral-agreement": ("经调解，双方自愿达成如下口头协议：", "（一）李四赔偿张三维修费"),
    "decline-notice": ("根据《人民调解工作若干规定》第二十二条第（二）项的规定",),
    "termination": ("根据《中华人民共和国人民调解法》第二十六条的规定", "（二）申请行政处理。"),
    "session-record": ("2026年11月22日9时30分", "（一）张三陈述："),
    "hearing-record": ("2026年11月22日14时00分", "当事人：张三（签名、盖章或按指印）"),
    "hearing-notice": ("2026年11月22日14时00分", "110105********002X"),
    "investigation": ("2026年11月21日10时00分",),
    "acceptance": ("申请人：张三（签名、盖章或按指印）", "被申请人：李四（签名、盖章或按指印）"),
    "court-reply": ("城关人民法庭：", "（2026）浙0101诉前调1号", "委派本委员会调解的宅基地界址纠纷一案", "正在调解"),
}
# Types whose golden case is the station's work (a case sent by the court), not the full case.
STATION_WORK = {"court-reply"}


CASE_TYPES = [t for t in REGISTRY if t.scope == "case"]


def golden_case(db, doc_type: str) -> int:
    how = GOLDEN.get(doc_type)
    if doc_type in STATION_WORK:
        return station_work_record(db)
    return closed_case(db, how) if how else full_case_record(db)


def test_every_registered_type_has_a_golden_case(db):
    from app.documents import registry
    from app.services.case_record import load_case_record

    cases = {how: closed_case(db, how) for how in set(GOLDEN.values())}
    full = full_case_record(db)
    work = station_work_record(db)
    with db.read() as s:
        for t in CASE_TYPES:
            record = load_case_record(s, dispute_id=work if t.code in STATION_WORK else
                                      cases[GOLDEN[t.code]] if t.code in GOLDEN else full)
            assert t.parts(record), t.code
            assert not [p for p in t.parts(record) if registry.lacks(record, t.code, p)], t.code


@pytest.mark.parametrize("doc_type", [t.code for t in CASE_TYPES])
def test_golden_document_holds_every_required_part(db, doc_type, tmp_path):
    kind = next(t for t in REGISTRY if t.code == doc_type)
    d = golden_case(db, doc_type)
    with db.write.begin() as s:
        doc, issued = issuing.issue(s, dispute_id=d, doc_type=doc_type, by=1)
    assert not issued.draft and issued.code, issued.lacks
    assert doc.header.part.isdigit() if kind.numbered else doc.header.part == "", doc.header.part
    printout = render_pdf(doc)
    texts = [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(io.BytesIO(printout.pdf)).pages]
    whole = "".join(texts)
    assert (kind.title in whole or doc_type == "cover") and all(f"校验码{issued.code}" in t for t in texts)
    for requirement in kind.requires:
        assert requirement.marker in whole, (doc_type, requirement.marker)
    assert printout.missing == () and printout.embedded
    for words in WORDING.get(doc_type, ()):
        assert words in whole, (doc_type, words)
    assert not re.search(r"[，。；：、][，。；：、]", whole), doc_type                 # no doubled punctuation
    assert "第十八条" not in whole and "1949年12月31日" not in whole if kind.masked else True
    if shutil.which("pdffonts"):
        path = tmp_path / f"{doc_type}.pdf"
        path.write_bytes(printout.pdf)
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines), lines     # the "emb" column


@pytest.mark.parametrize("doc_type", [t.code for t in REGISTRY if t.scope == "station"])
def test_golden_station_document_holds_every_required_part(db, doc_type, tmp_path):
    """A station's document (the monthly report, the Ministry's report) over the fixed station of
    tests/app/station_month.py: no case has it, it prints whole (never a draft) with the fonts embedded."""
    from app.documents.ministry import print_station
    from app.documents.monthly import print_monthly
    from app.periods import Period
    from tests.app.station_month import MONTH, fixed_station

    printers = {"monthly-report": lambda s: print_monthly(s, month=MONTH),
                "ministry-report": lambda s: print_station(s, period=Period.parse(MONTH))}
    kind = next(t for t in REGISTRY if t.code == doc_type)
    fixed_station(db)
    with db.read() as s:
        doc, printout = printers[doc_type](s)
    whole = "".join(p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(io.BytesIO(printout.pdf)).pages)
    assert kind.title in whole and not doc.header.draft and "草稿" not in whole
    for requirement in kind.requires:
        assert requirement.marker in whole, (doc_type, requirement.marker)
    assert printout.missing == () and printout.embedded
    assert not re.search(r"[，。；：、][，。；：、]", whole), doc_type
    if shutil.which("pdffonts"):
        path = tmp_path / f"{doc_type}.pdf"
        path.write_bytes(printout.pdf)
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines), lines
