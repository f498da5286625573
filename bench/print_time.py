"""Printing on the demo database: the agreement in a fresh process (imports and font registration included),
the agreement warm, a whole dossier, 100 agreements in a batch; and, where LibreOffice is installed, the same
agreement as a Word template filled with docxtpl and converted by `soffice --headless` (what an office would
otherwise do), in the same run."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, demo_database  # noqa: E402

FRESH = """
import sys, time
started = time.perf_counter()
from app.database import open_database
from app.files import write_atomically
from app.printouts import render_pdf
from app.documents import issuing
_engine, _read, write = open_database(sys.argv[1])
with write.begin() as s:
    doc, _issued = issuing.issue(s, dispute_id=int(sys.argv[2]), doc_type="agreement")
write_atomically(render_pdf(doc).pdf, sys.argv[3])
print(time.perf_counter() - started)
"""


def _cases_with_agreements(write, limit: int) -> list[int]:
    from sqlalchemy import text

    with write() as s:
        return list(s.execute(text(
            "SELECT a.dispute_id FROM agreement a JOIN dispute d ON d.id = a.dispute_id "
            "WHERE a.form = 'written' AND a.signed_on IS NOT NULL AND a.deleted_at IS NULL "
            "AND d.deleted_at IS NULL ORDER BY a.dispute_id LIMIT :n"), {"n": limit}).scalars())


def _libreoffice(doc, runs: int) -> float | None:
    """Median seconds for one agreement: fill a .docx template with docxtpl, convert with soffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    try:
        from docx import Document
        from docxtpl import DocxTemplate
    except ImportError:
        return None
    folder = Path(tempfile.mkdtemp(prefix="bench-lo-"))
    template = folder / "agreement.docx"
    word = Document()
    word.add_heading("{{ title }}", 0)
    word.add_paragraph("编号：{{ case_no }}")
    word.add_paragraph("{% for p in parties %}{{ p.role }}：{{ p.name }}，公民身份号码{{ p.id_number }}，"
                       "联系电话{{ p.phone }}\n{% endfor %}")
    for heading, field in (("纠纷主要事实", "facts"), ("争议事项", "matters"), ("各方当事人的责任", "responsibilities"),
                           ("调解意见及法律依据", "findings")):
        word.add_heading(heading, 1)
        word.add_paragraph("{{ %s }}" % field)
    word.add_heading("协议内容", 1)
    word.add_paragraph("{% for t in terms %}{{ t.number }}、{{ t.text }}履行方式：{{ t.method }}；"
                       "履行期限：{{ t.due }}\n{% endfor %}")
    word.add_paragraph("{% for c in clauses %}{{ c }}\n{% endfor %}")
    word.add_paragraph("{% for n in signers %}当事人：{{ n }}（签名、盖章或按指印）________\n{% endfor %}")
    word.add_paragraph("{{ committee }}（印章）    {{ date }}")
    word.save(template)
    context = {"title": doc.header.title, "case_no": doc.header.case_no, "committee": doc.header.committee,
               "parties": doc.parties, "facts": doc.facts, "matters": doc.matters,
               "responsibilities": doc.responsibilities, "findings": doc.findings, "terms": doc.terms,
               "clauses": doc.clauses, "signers": doc.signers, "date": doc.date}
    profile = folder / "profile"
    timings = []
    for i in range(runs + 1):            # the first run creates LibreOffice's profile: not counted
        started = time.perf_counter()
        filled = DocxTemplate(template)
        filled.render(context)
        filled.save(folder / f"agreement-{i}.docx")
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(folder / f"agreement-{i}.docx")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i:
            timings.append(time.perf_counter() - started)
    shutil.rmtree(folder, ignore_errors=True)
    return statistics.median(timings)


def main() -> dict[str, float]:
    from app.printouts import merge, render_pdf
    from app.documents import issuing
    from app.documents.dossier import build_dossier
    from app.database import open_database

    path, _ = demo_database()
    _engine, _read, write = open_database(path)
    ids = _cases_with_agreements(write, 100)
    out = Path(tempfile.mkdtemp(prefix="bench-print-"))

    fresh = []
    for _ in range(5):
        run = subprocess.run([sys.executable, "-c", FRESH, str(path), str(ids[0]), str(out / "fresh.pdf")],
                             cwd=ROOT, check=True, capture_output=True, text=True, env=os.environ)
        fresh.append(float(run.stdout.strip().splitlines()[-1]))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FRESH, str(path), str(ids[0]), str(out / "fresh.pdf")], cwd=ROOT,
                   check=True, capture_output=True)
    process = time.perf_counter() - started

    with write.begin() as s:
        doc, _issued = issuing.issue(s, dispute_id=ids[0], doc_type="agreement")
    render_pdf(doc)
    warm = []
    for _ in range(20):
        started = time.perf_counter()
        with write.begin() as s:
            doc, _issued = issuing.issue(s, dispute_id=ids[0], doc_type="agreement")
        render_pdf(doc)
        warm.append(time.perf_counter() - started)

    dossier, pages = [], 0
    for _ in range(5):
        started = time.perf_counter()
        with write.begin() as s:
            whole = build_dossier(s, dispute_id=ids[0])
        printed = render_pdf(whole)
        dossier.append(time.perf_counter() - started)
        pages = printed.pages

    started = time.perf_counter()
    with write.begin() as s:
        batch = issuing.issue_agreements(s, dispute_ids=ids, by=None)
    merged = merge([printout for _d, _copies, printout in batch.documents])
    batch_seconds = time.perf_counter() - started

    result = {"fresh_s": statistics.median(fresh), "fresh_process_s": process, "warm_s": statistics.median(warm),
              "dossier_s": statistics.median(dossier), "dossier_pages": pages, "batch_s": batch_seconds,
              "batch_n": len(batch.documents), "batch_pages": merged.pages}
    print(f"agreement, fresh process: {result['fresh_s']:.2f} s inside the process (median of 5), "
          f"{process:.2f} s wall with the interpreter (goal <= 0.7 s)")
    print(f"agreement, warm: {result['warm_s'] * 1000:.0f} ms (issue + render, median of 20)")
    print(f"dossier: {pages} pages in {result['dossier_s']:.2f} s (median of 5; goal <= 0.5 s)")
    print(f"batch: {result['batch_n']} agreements, {merged.pages} pages, {batch_seconds:.1f} s "
          f"({batch_seconds / max(1, result['batch_n']) * 1000:.0f} ms each)")
    lo = _libreoffice(doc, runs=5)
    if lo is None:
        print("LibreOffice comparison: skipped (soffice, python-docx or docxtpl not installed; "
              "pip install docxtpl and apt-get install libreoffice-writer-nogui)")
    else:
        result["libreoffice_s"] = lo
        print(f"LibreOffice (docxtpl + soffice --convert-to pdf): {lo:.2f} s per agreement; warm agreement here is "
              f"{result['warm_s'] / lo:.3f}x that (goal <= 0.15x)")
    shutil.rmtree(out, ignore_errors=True)
    return result


if __name__ == "__main__":
    main()
