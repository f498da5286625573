"""Printing on the demo database: the agreement printed by the real command in a fresh process
(`mediation-station print … --doc agreement`, logged in through the environment), with the login's own cost
(an Argon2 hash) measured apart; the agreement warm; a whole dossier; 100 agreements in a batch; and, where
LibreOffice is installed, the same agreement as a Word template filled with docxtpl and converted by a cold
`soffice --headless` (what an office would otherwise do), in the same run, as the baseline of the ratio.

The machine is shared: the load average is printed with the figures, and the fresh print's CPU time beside its
wall time. The project's modules are compiled to bytecode first, as an installed copy has them (a checkout run
with PYTHONDONTWRITEBYTECODE would otherwise compile them in every fresh process, 0.15 s)."""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import LOGIN, ROOT, demo_database  # noqa: E402

IMPORTS = "import time; t = time.perf_counter(); import ui.cli, app.documents.issuing, app.printouts, " \
          "printing.agreement_pdf; print(time.perf_counter() - t)"


def _command() -> list[str]:
    """The installed `mediation-station` beside this interpreter, else the same entry point through -m."""
    script = Path(sys.executable).parent / "mediation-station"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ui.cli"]


def _compile_bytecode() -> None:
    import compileall

    for folder in ("app", "db", "printing", "ui"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def _fresh_print(path: Path, case_no: str, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `print` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*_command(), "--db", str(path), "print", case_no, "--doc", "agreement", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True, env={**os.environ, **LOGIN})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _login_seconds(write) -> float:
    """The login alone (Argon2id verification of the password), median of 5."""
    from app.services import accounts

    timings = []
    for _ in range(5):
        with write.begin() as s:
            started = time.perf_counter()
            result = accounts.login(s, name=LOGIN["MEDIATION_STATION_USER"],
                                    password=LOGIN["MEDIATION_STATION_PASSWORD"])
            timings.append(time.perf_counter() - started)
        assert result.actor is not None, result.message
    return statistics.median(timings)


def _cases_with_agreements(write, limit: int) -> list[int]:
    from sqlalchemy import text

    with write() as s:
        return list(s.execute(text(
            "SELECT a.dispute_id FROM agreement a JOIN dispute d ON d.id = a.dispute_id "
            "WHERE a.form = 'written' AND a.signed_on IS NOT NULL AND a.deleted_at IS NULL "
            "AND d.deleted_at IS NULL ORDER BY a.dispute_id LIMIT :n"), {"n": limit}).scalars())


# Why the LibreOffice comparison was skipped, when it was.
_skipped = [("soffice, python-docx or docxtpl not installed; pip install -r requirements/bench.txt and "
             "apt-get install libreoffice-writer-nogui")]


def _libreoffice(doc):
    """A callable that converts the agreement once as an office would: fill a .docx template with docxtpl, then
    a new `soffice --headless --convert-to pdf` process; None when soffice, python-docx or docxtpl is missing.
    (LibreOffice's profile is made beforehand: it is not part of a conversion.)"""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    try:
        from docx import Document
        from docxtpl import DocxTemplate
    except ImportError:
        return None
    folder = Path(tempfile.mkdtemp(prefix="bench-lo-"))
    _skipped[0] = "soffice failed to convert the template"
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
    word.add_paragraph("{% for t in terms %}（{{ t.number }}）{{ t.text }}履行方式：{{ t.method }}；"
                       "履行期限：{{ t.due }}\n{% endfor %}")
    word.add_paragraph("{% for c in clauses %}{{ c }}\n{% endfor %}")
    word.add_paragraph("{% for n in signers %}{{ n.label }}（签名、盖章或按指印）________\n{% endfor %}")
    word.add_paragraph("{{ committee }}（印章）    {{ date }}")
    word.save(template)
    context = {"title": doc.header.title, "case_no": doc.header.case_no, "committee": doc.header.committee,
               "parties": doc.parties, "facts": doc.facts, "matters": doc.matters,
               "responsibilities": doc.responsibilities, "findings": doc.findings, "terms": doc.terms,
               "clauses": doc.clauses, "signers": doc.signers, "date": doc.date}
    profile = folder / "profile"
    runs = iter(range(10**6))

    def convert() -> float:
        i = next(runs)
        started = time.perf_counter()
        filled = DocxTemplate(template)
        filled.render(context)
        filled.save(folder / f"agreement-{i}.docx")
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(folder / f"agreement-{i}.docx")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - started
    try:
        convert()
    except (OSError, subprocess.CalledProcessError):
        return None
    _skipped[0] = ""
    return convert



def main() -> dict[str, float]:
    from app.database import open_database
    from app.documents import issuing
    from app.documents.dossier import issue_dossier
    from app.printouts import merge
    from app.services.disputes import get_dispute

    path, _ = demo_database()
    _compile_bytecode()
    load_before = _load()
    _engine, _read, write = open_database(path)
    ids = _cases_with_agreements(write, 100)
    with write() as s:
        case_no = get_dispute(s, dispute_id=ids[0]).case_no
    out = Path(tempfile.mkdtemp(prefix="bench-print-"))

    with write.begin() as s:
        doc, _issued, _printout = issuing.issue_printed(s, dispute_id=ids[0], doc_type="agreement")
    convert = _libreoffice(doc)
    _fresh_print(path, case_no, out / "fresh.pdf")          # the first run writes the fonts' cache
    # Each print beside a LibreOffice conversion, taken in turn, so that both meet the same load on the machine.
    runs, office = [], []
    for _ in range(5):
        runs.append(_fresh_print(path, case_no, out / "fresh.pdf"))
        if convert is not None:
            office.append(convert())
    fresh, fresh_cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    fresh_min = min(r[0] for r in runs)
    imports = statistics.median(float(subprocess.run([sys.executable, "-c", IMPORTS], cwd=ROOT, check=True,
                                                     capture_output=True, text=True).stdout) for _ in range(3))
    login = _login_seconds(write)

    def warm_once() -> tuple[float, object]:
        started = time.perf_counter()
        with write.begin() as s:
            doc, _issued, _printout = issuing.issue_printed(s, dispute_id=ids[0], doc_type="agreement")
        return time.perf_counter() - started, doc
    warm_once()
    warm = statistics.median(warm_once()[0] for _ in range(20))

    dossier, pages = [], 0
    for _ in range(5):
        started = time.perf_counter()
        with write.begin() as s:
            _whole, printed = issue_dossier(s, dispute_id=ids[0])
        dossier.append(time.perf_counter() - started)
        pages = printed.pages

    started = time.perf_counter()
    with write.begin() as s:
        batch = issuing.issue_agreements(s, dispute_ids=ids, by=None)
    merged = merge([printout for _d, _copies, printout in batch.documents])
    batch_seconds = time.perf_counter() - started

    result = {"fresh_s": fresh, "fresh_min_s": fresh_min, "fresh_cpu_s": fresh_cpu, "imports_s": imports,
              "login_s": login, "warm_s": warm,
              "dossier_s": statistics.median(dossier), "dossier_pages": pages, "batch_s": batch_seconds,
              "batch_n": len(batch.documents), "batch_pages": merged.pages}
    print(f"load average (1/5/15 min) {load_before} before, {_load()} after")
    print(f"agreement, fresh `mediation-station print`: {fresh:.2f} s wall (fastest {fresh_min:.2f} s), "
          f"{fresh_cpu:.2f} s CPU (median of 5; goal <= 0.7 s wall); imports alone {imports:.2f} s, the login's "
          f"Argon2id alone {login:.2f} s (it runs beside the imports)")
    print(f"agreement, warm: {warm * 1000:.0f} ms (issue + render + register, median of 20)")
    print(f"dossier: {pages} pages in {result['dossier_s']:.2f} s (median of 5; goal <= 0.5 s)")
    print(f"batch: {result['batch_n']} agreements, {merged.pages} pages, {batch_seconds:.1f} s "
          f"({batch_seconds / max(1, result['batch_n']) * 1000:.0f} ms each)")
    lo = statistics.median(office) if office else None
    if lo is None:
        print(f"LibreOffice comparison: skipped ({_skipped[0]})")
    else:
        result["libreoffice_s"] = lo
        print(f"LibreOffice, cold (docxtpl + a new `soffice --headless --convert-to pdf`): {lo:.2f} s per agreement; "
              f"the fresh print is {fresh / lo:.2f}x that (goal <= 0.35x), the warm one {warm / lo:.3f}x")
    shutil.rmtree(out, ignore_errors=True)
    return result


if __name__ == "__main__":
    main()
