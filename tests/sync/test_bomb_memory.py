"""The county reads a bundle in bounded memory: the peak resident size of a real `mediation-station county
import` (a subprocess; the kernel's VmHWM of its own memory, read as it exits: ru_maxrss would count the pages
of the test process it was forked from) while it refuses a signed bundle of 400 entries of 1 MiB each, every one
compressing about 1000:1 and each under any ratio check's floor (the attack that took 3.15 GB before): as
attachments no record refers to (which were stored), or as tables no bundle has (which were held in memory)."""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import register
from tests.sync.conftest import PASSPHRASE, export, link, open_bundle, seal, snapshot

ENTRIES = 400
PEAK_LIMIT_MB = 250
# The command line's own main(), with its peak resident size written last on standard error.
COMMAND = ("import atexit, re, sys\n"
           "atexit.register(lambda: print('VmHWM', re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())"
           "[1], file=sys.stderr))\n"
           "from ui.cli import main\n"
           "sys.exit(main(sys.argv[1:]))")


def _bomb(entries: dict[str, bytes], kind: str) -> bytes:
    """The station's real records and manifest, plus ENTRIES entries of 1 MiB of zeros listed in the manifest:
    attachments that differ in their first bytes (each the content its name promises), or tables."""
    import json

    manifest = json.loads(entries["manifest.json"])
    buffer = io.BytesIO()
    block = bytearray(1 << 20)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in entries.items():
            if name != "manifest.json":
                zf.writestr(name, data)
        for i in range(ENTRIES):
            if kind == "attachments":
                block[:8] = i.to_bytes(8, "big")
            sha = hashlib.sha256(block).hexdigest()
            letters = "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in f"{i:03d}")   # names take no digits
            name = f"attachments/{sha}" if kind == "attachments" else f"records/bomb_{letters}.jsonl"
            zf.writestr(name, bytes(block))
            manifest["files"][name] = sha
        zf.writestr("manifest.json", json.dumps(manifest))
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["attachments", "records"])
def test_a_bundle_of_many_small_bombs_is_refused_in_bounded_memory(db, county_db, tmp_path, kind):
    register(db)
    link(db, county_db, tmp_path)
    bundle = export(db, tmp_path / "out")
    raw = _bomb(open_bundle(county_db, bundle.path), kind)
    assert len(raw) < 4 << 20                                   # 400 MiB unfolded from under 4 MiB
    path = seal(county_db, {}, station_code="330101001", number=1, out=tmp_path / "bomb.msb", raw_zip=raw)
    from app.services import accounts

    with county_db.write.begin() as s:
        accounts.add_account(s, name="县审核员", role="reviewer", password="county pw 2026")
    before = snapshot(county_db.engine)
    county_db.engine.dispose()
    env = {**os.environ, "MEDIATION_STATION_LANG": "zh_CN", "MEDIATION_STATION_CLOCK": "2026-11-23T10:00:00+08:00",
           "MEDIATION_STATION_USER": "县审核员", "MEDIATION_STATION_PASSWORD": "county pw 2026",
           "MEDIATION_COUNTY_PASSPHRASE": PASSPHRASE}
    child = subprocess.run([sys.executable, "-c", COMMAND, "county", "import", str(path), "--db", county_db.url],
                           capture_output=True, env=env, cwd=os.getcwd())
    err = child.stderr.decode("utf-8")
    peak_mb = int(err.rsplit("VmHWM", 1)[1]) / 1024                # KiB
    print(f"peak RSS of `county import` refusing {ENTRIES} x 1 MiB of {kind}: {peak_mb:.0f} MB")
    assert child.returncode == 1, err
    assert ("没有任何记录引用" if kind == "attachments" else "未知数据表") in err, err
    assert peak_mb < PEAK_LIMIT_MB
    assert snapshot(county_db.engine) == before            # but the audit trail, which records the refusal
