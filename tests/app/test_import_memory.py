"""Zip bombs dressed as registers: each refused by the real command in a process of its own, whose peak memory
(VmHWM) stays under 200 MB, with the database unchanged. Before the guard, openpyxl unpacked them (2.2 GB)."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.app.test_import_attacks import digest
from tests.app.test_importer import GOOD, write_xlsx

LIMIT_MB = 200
# The child may not take more than this much address space, so that an unguarded import fails quickly instead of
# filling the shared machine's memory.
ADDRESS_SPACE = 2 << 30
CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from ui.cli import main
try:
    code = main(sys.argv[1:])
except MemoryError:
    code = 99
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print("PEAK_KB", peak, file=sys.stderr)
sys.exit(code)
"""


def run_import(db_path: Path, file: Path) -> tuple[int, str, float]:
    env = {**os.environ, "MEDIATION_STATION_DATA": str(db_path.parent / "userdata")}
    proc = subprocess.run([sys.executable, "-c", CHILD.format(limit=ADDRESS_SPACE), "--db", str(db_path),
                           "cases", "import", str(file)], capture_output=True, text=True, env=env, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])
    peak = int(proc.stderr.rsplit("PEAK_KB", 1)[1].split()[0]) / 1024
    return proc.returncode, proc.stderr, peak


def with_part(path: Path, name: str, writer) -> Path:
    """Replace (or add) one part, written as a stream so that the bomb never sits in this process's memory."""
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist() if i.filename != name}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for part, data in parts.items():
            out.writestr(part, data)
        with out.open(name, "w", force_zip64=False) as fh:
            writer(fh)
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    from tests.app.test_import_attacks import shared_strings

    folder = tmp_path_factory.mktemp("bombs")
    made = {}
    # 600 MB of one cell's text in the shared strings, in a 600 KB file: refused by its declared size.
    path = shared_strings(write_xlsx(folder / "text.xlsx", GOOD))
    made["declared"] = with_part(path, "xl/sharedStrings.xml", lambda fh: _repeat(
        fh, b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>', b"A" * (1 << 20),
        600, b"</t></si></sst>"))
    # 200 MB of tiny strings (12 million): within the size limit, refused by their number while streaming.
    path = shared_strings(write_xlsx(folder / "many.xlsx", GOOD))
    made["shape"] = with_part(path, "xl/sharedStrings.xml", lambda fh: _repeat(
        fh, b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
        b"<si><t>a</t></si>" * 65536, 190, b"</sst>"))
    # The same, with its central directory lying that the part is 100 KB: unpacking stops there.
    made["lying"] = _lie(folder / "lying.xlsx", made["shape"], "xl/sharedStrings.xml", 100_000)
    return made


def _repeat(fh, head: bytes, block: bytes, times: int, tail: bytes) -> None:
    fh.write(head)
    for _i in range(times):
        fh.write(block)
    fh.write(tail)


def _lie(target: Path, source: Path, name: str, size: int) -> Path:
    """A copy whose central directory says the part unpacks to `size` bytes (offset 24 of its record)."""
    data = bytearray(source.read_bytes())
    record = data.find(b"PK\x01\x02")
    while record >= 0:
        name_len = struct.unpack_from("<H", data, record + 28)[0]
        if data[record + 46:record + 46 + name_len] == name.encode():
            struct.pack_into("<L", data, record + 24, size)
            break
        record = data.find(b"PK\x01\x02", record + 4)
    assert record >= 0
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("kind", ["declared", "shape", "lying"])
def test_zip_bomb_is_refused_in_bounded_memory(head_login, bombs, kind):
    db = head_login
    before = digest(db.path)
    db.engine.dispose()
    code, err, peak_mb = run_import(Path(db.path), bombs[kind])
    assert code == 1, err[-2000:]
    assert err.startswith("错误：") and ("压缩炸弹" in err or "已损坏" in err), err[-2000:]
    assert "Traceback" not in err
    assert peak_mb < LIMIT_MB, f"peak {peak_mb:.0f} MB"
    assert digest(db.path) == before
