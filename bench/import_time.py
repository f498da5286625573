"""Register import: 100,000 rows from CSV and from .xlsx through `mediation-station cases import`, beside the time
to merely read the same file (csv.reader; openpyxl read-only) in the same run; then the audit chain check after
it, and the peak memory of the command refusing two zip bombs."""
from __future__ import annotations

import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, ROOT  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
HEADERS = ["登记日期", "纠纷类型", "案件来源", "事由", "纠纷事实", "申请人", "申请人身份证号", "申请人电话", "被申请人",
           "被申请人身份证号", "被申请人电话", "涉及金额", "涉及人数", "状态"]
USER, PASSWORD = "王调解", "bench password 2026"
ENV = {"MEDIATION_STATION_USER": USER, "MEDIATION_STATION_PASSWORD": PASSWORD, "MEDIATION_STATION_CLOCK":
       "2026-11-23T10:00:00+08:00"}
PEAK = """
import sys
from ui.cli import main
code = main(sys.argv[1:])
print("PEAK_KB", next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1], file=sys.stderr)
sys.exit(code)
"""


def rows(n: int) -> list[list[str]]:
    from app import codes
    from app.validation import id_check_char

    rng = random.Random(7)
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    types = ["婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "劳动争议", "消费", "物业"]
    statuses = [c.zh for c in codes.statuses().codes]

    def person() -> tuple[str, str, str]:
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
        first17 = f"330102{born:%Y%m%d}{rng.randrange(1000):03d}"
        name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))
        return name, first17 + id_check_char(first17), f"13{rng.randrange(10**9):09d}"

    out = []
    start = date(2015, 1, 1)
    for i in range(n):
        (a, a_id, a_phone), (b, b_id, b_phone) = person(), person()
        kind = rng.choice(types)
        out.append([(start + timedelta(days=i * 3650 // n)).isoformat(), kind, "当事人申请", f"{a}与{b}{kind}纠纷{i}",
                    f"{a}与{b}因{kind}事项发生争执，{a}请求调解委员会调解，双方对赔偿数额意见不一。",
                    a, a_id, a_phone, b, b_id, b_phone, str(rng.randrange(0, 200000)), "2", rng.choice(statuses)])
    return out


def files() -> tuple[Path, Path]:
    """The register as CSV (UTF-8 with BOM, as Excel's "CSV UTF-8" writes it) and as .xlsx, made once."""
    OUT.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = OUT / f"register-{ROWS}.csv", OUT / f"register-{ROWS}.xlsx"
    if not (csv_path.exists() and xlsx_path.exists()):
        from openpyxl import Workbook

        data = rows(ROWS)
        with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows([HEADERS, *data])
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in [HEADERS, *data]:
            sheet.append(row)
        book.save(xlsx_path)
    return csv_path, xlsx_path


def read_only(path: Path) -> tuple[float, float]:
    """The baseline: only reading the file's cells, nothing checked or written (wall and CPU seconds)."""
    started, cpu = time.perf_counter(), time.process_time()
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sum(1 for _row in csv.reader(fh))
    else:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
        book.close()
    return time.perf_counter() - started, time.process_time() - cpu


def station(name: str) -> Path:
    path = OUT / name
    for leftover in OUT.glob(name + "*"):
        leftover.unlink()
    run("--db", str(path), "init", "--station-name", "城关镇人民调解委员会", "--station-code", "330101001",
        "--county", "某某县", "--case-prefix", "城人", "--mediator", USER)
    return path


def run(*args: str) -> tuple[float, float, int, float]:
    """`mediation-station ARGS` as a real process: (wall seconds, peak MB, exit code, CPU seconds). The CPU time
    is the figure to compare when other work shares the machine's two cores."""
    started, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run([sys.executable, "-c", PEAK, *args], cwd=ROOT, env={**os.environ, **ENV},
                          capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    peak = proc.stderr.rsplit("PEAK_KB", 1)[-1].split()
    return seconds, int(peak[0]) / 1024 if peak and peak[0].isdigit() else 0.0, proc.returncode, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def bombs() -> dict[str, Path]:
    folder = OUT / "bombs"
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for name, head, block, times, tail in (
            ("600 MB of one cell", b"<si><t>", b"A" * (1 << 20), 600, b"</t></si>"),
            ("12 million tiny strings", b"", b"<si><t>a</t></si>" * 65536, 190, b"")):
        path = folder / f"{name.split()[0]}.xlsx"
        if not path.exists():
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
                with book.open("xl/sharedStrings.xml", "w", force_zip64=False) as fh:
                    fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + head)
                    for _i in range(times):
                        fh.write(block)
                    fh.write(tail + b"</sst>")
        made[name] = path
    return made


def main() -> None:
    csv_path, xlsx_path = files()
    for path in (csv_path, xlsx_path):
        baseline, baseline_cpu = read_only(path)
        db = station(f"import-{path.suffix[1:]}.sqlite")
        seconds, peak, code, cpu = run("--db", str(db), "cases", "import", str(path))
        assert code == 0, f"import of {path.name} failed"
        verify, _peak, code, _cpu = run("--db", str(db), "audit", "verify")
        print(f"import {ROWS:,} rows from {path.suffix[1:]}: {seconds:.1f} s wall, {cpu:.1f} s CPU "
              f"({ROWS / seconds:,.0f} rows/s, peak {peak:.0f} MB); only reading the file: {baseline:.1f} s wall, "
              f"{baseline_cpu:.1f} s CPU (import = {cpu / max(baseline_cpu, 0.01):.1f}x in CPU); "
              f"audit verify afterwards: {verify:.1f} s ({'ok' if code == 0 else 'BROKEN'}); load {_load()}")
    db = station("import-bomb.sqlite")
    for name, path in bombs().items():
        seconds, peak, code, _cpu = run("--db", str(db), "cases", "import", str(path))
        print(f"zip bomb ({name}, {path.stat().st_size / 2**20:.1f} MB file): refused={code == 1} in {seconds:.1f} s, "
              f"peak {peak:.0f} MB")
    shutil.rmtree(OUT / "bombs", ignore_errors=True)


if __name__ == "__main__":
    main()
