"""The bundle streams: attachments reach the county whole through the command line, a bundle larger than the
volume size is split into volumes that are read back together, a missing or foreign volume is refused by name,
a stream cut, reordered or re-signed short is refused, and an export's memory does not grow with the
attachments (peak RSS of a real process)."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import MediationError
from tests.conftest import CLI_PASSWORD, CLI_USER, register
from tests.sync.conftest import PASSPHRASE, content, link, snapshot

CODE = "330101001"
ROOT = Path(__file__).resolve().parents[2]


def add_attachments(db, sizes: list[int], *, compressible: int = 0) -> dict[str, bytes | int]:
    """Evidence files of random bytes (photos do not compress), written straight into the station's store;
    returns sha -> size. `compressible` more files of text are added too."""
    from app.attachments import AttachmentStore
    from app.services import evidence

    store = AttachmentStore.beside(db.path)
    d = register(db)
    block = os.urandom(1 << 20)
    made, paths = {}, []
    for i, size in enumerate(sizes):
        head = f"scan {i}\n".encode()
        data = (head + block * (size // len(block) + 1))[:size]
        sha = hashlib.sha256(data).hexdigest()
        path = store.path_for(sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made[sha] = size
        paths.append(path)
    for i in range(compressible):
        text = Path(db.path).parent / f"blank-{i}.txt"
        text.write_bytes(os.urandom(1 << 20).hex().encode())    # text: deflate halves it
        made[hashlib.sha256(text.read_bytes()).hexdigest()] = text.stat().st_size
        paths.append(text)
    with db.write.begin() as s:
        evidence.add_evidence(s, dispute_id=d, name="现场照片", kind="documentary", pages=len(paths),
                              store=store, files=paths)
    return made


def county_files(county) -> dict[str, str]:
    from sqlalchemy import text

    with county.engine.connect() as conn:
        return {sha: hashlib.sha256(data).hexdigest() for sha, data in
                conn.execute(text("SELECT sha256, data FROM county_file"))}


def cli(*args: str) -> int:
    from ui.cli import main

    return main(list(args))


def reviewer(county) -> None:
    """The county's command line logs in as a 县级审核员, as the station's does as its head (cli_env)."""
    from app.services import accounts

    with county.write.begin() as s:
        accounts.add_account(s, name=CLI_USER, role="reviewer", password=CLI_PASSWORD)


@pytest.fixture
def station(db, county_db, tmp_path):
    link(db, county_db, tmp_path)
    return db, county_db


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_attachments_stream_from_station_to_county_through_the_command_line(kind, head_login, county_db, tmp_path,
                                                                           capsys, request):
    db, county = head_login, county_db if kind == "sqlite" else request.getfixturevalue("pg_county")
    link(db, county, tmp_path)
    reviewer(county)
    made = add_attachments(db, [3 << 20, 1 << 20, 5000], compressible=1)
    (tmp_path / "stick").mkdir()
    assert cli("--db", str(db.path), "export", "--out", str(tmp_path / "stick")) == 0
    [bundle] = (tmp_path / "stick").glob("*.msb")
    assert bundle.name == f"{CODE}-000001.msb" and not list((tmp_path / "stick").glob("*.part"))
    assert bundle.stat().st_size < sum(made.values()) - (768 << 10)   # the text was compressed, photos kept
    with db.engine.connect() as conn:              # on the audit trail as the head who logged in
        assert conn.exec_driver_sql("SELECT actor FROM audit_log WHERE action = 'export'").all() == [(CLI_USER,)]
    assert cli("county", "import", str(bundle), "--db", county.url) == 0
    assert county_files(county) == {sha: sha for sha in made}     # every file arrives whole (hash of content)
    assert content(county.engine) == content(db.engine)
    assert "已导入" in capsys.readouterr().out


def test_a_large_bundle_is_split_into_volumes_and_read_back_together(head_login, station, tmp_path, capsys):
    db, county = station
    reviewer(county)
    made = add_attachments(db, [1536 << 10] * 3)
    (tmp_path / "stick").mkdir()
    assert cli("--db", str(db.path), "export", "--out", str(tmp_path / "stick"), "--volume-size", "1") == 0
    parts = sorted((tmp_path / "stick").glob("*.msb"))
    n = len(parts)
    assert n >= 4 and f"{n} 卷" in capsys.readouterr().out
    assert [p.name for p in parts] == [f"{CODE}-000001-{i}of{n}.msb" for i in range(1, n + 1)]
    assert all(p.stat().st_size <= 1 << 20 for p in parts)
    # `county import E:/*.msb` names every volume: one bundle, imported once
    assert cli("county", "import", *map(str, reversed(parts)), "--db", county.url) == 0
    out = capsys.readouterr().out
    assert [line.split(":")[1].strip() for line in out.splitlines() if line.startswith("已导入")] == [parts[0].name]
    assert county_files(county) == {sha: sha for sha in made}
    assert content(county.engine) == content(db.engine)


def _volumes(db, out: Path) -> list[Path]:
    from tests.sync.conftest import export

    result = export(db, out, volume_size=1 << 20)
    assert len(result.paths) > 2
    return list(result.paths)


def test_a_missing_or_foreign_volume_is_refused_by_name_and_changes_nothing(station, tmp_path):
    from sqlalchemy import text

    from app.sync.county_import import import_bundles

    db, county = station
    add_attachments(db, [1536 << 10] * 2)
    first = _volumes(db, tmp_path / "a")
    with db.write.begin() as s:       # as if that export had failed after writing: number 1 is written again
        s.execute(text("DELETE FROM sent_bundle"))
    second = _volumes(db, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    before = snapshot(county.engine)

    missing = tmp_path / "missing"
    missing.mkdir()
    for p in first[:1] + first[2:]:
        shutil.copy(p, missing)
    [report] = import_bundles(county.write, sorted(missing.glob("*.msb")))
    assert report.refused and "第 2 卷" in report.message and "缺少" in report.message, report.message

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    for p in first[:1] + second[1:2] + first[2:]:
        shutil.copy(p, foreign)
    [report] = import_bundles(county.write, sorted(foreign.glob("*.msb")))
    assert report.refused and second[1].name in report.message and "另一次导出" in report.message, report.message
    assert snapshot(county.engine) == before
    # naming the first volume only finds the others beside it (a window's file chooser may pick one)
    [report] = import_bundles(county.write, second[:1])
    assert report.status == "applied", report.message


def _open(county, data: bytes) -> bytes:
    from app.sync import county as county_service, envelope

    with county.read() as s:
        ident = county_service.identity(s)
        return envelope.open_sealed(data, station_key=envelope.read_header(data)[0].signer,
                                    county_agreement_key=lambda: county_service.agreement_key(ident))


def test_chunks_cut_moved_or_changed_are_refused_even_when_the_station_signs_them(station):
    """The station's own key signs the forgeries (a compromised station PC could): the chunk counter and the
    final-chunk flag still refuse a stream cut at a chunk boundary or with two chunks swapped."""
    from app import sync_keys
    from app.sync import county as county_service, envelope

    _db, county = station
    with county.read() as s:
        public = county_service.public_keys(county_service.identity(s)).agreement
    signing = sync_keys.signing_key(CODE)
    payload, out = os.urandom(4096 * 3 + 100), io.BytesIO()
    sealer = envelope.Sealer(out, station_code=CODE, number=1, signing_key=signing, county_agreement_key=public,
                             chunk=4096)
    sealer.write(payload)
    sealer.close()
    data = out.getvalue()
    assert _open(county, data) == payload
    start, step = envelope.read_header(data)[1], 4096 + envelope.TAG_SIZE
    body = data[:-envelope.SIGNATURE_SIZE]
    c = [body[start + i * step:start + (i + 1) * step] for i in range(3)]
    final = body[start + 3 * step:]

    def signed(new_body: bytes) -> bytes:
        return new_body + signing.sign(envelope.SIGNED + hashlib.sha256(new_body).digest())

    for forged in (signed(body[:start] + c[0] + c[1] + c[2]), signed(body[:start] + c[1] + c[0] + c[2] + final)):
        with pytest.raises(MediationError, match="无法用本县密钥解密"):
            _open(county, forged)
    changed = bytearray(data)
    changed[start + 10] ^= 1
    with pytest.raises(MediationError, match="签名"):
        _open(county, bytes(changed))


def _peak_mib(code: str, env: dict) -> float:
    """Run code in a fresh Python process and return its peak resident memory: VmHWM, read by the process
    itself at the end (ru_maxrss would carry over the forking parent's size across exec)."""
    code += "\nprint([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return int(done.stdout.split()[-1]) / 1024


EXPORT = """
from pathlib import Path
from app.database import open_database
from app.sync.export import export_bundle
engine, read, write = open_database(Path({db!r}))
export_bundle(read, write, out_dir=Path({out!r}), database=Path({db!r}), full=True)
"""
IMPORT = """
from pathlib import Path
from app.database import open_database
from app.sync import county_secrets
from app.sync.county_import import import_bundles
engine, read, write = open_database({county!r})
county_secrets.unlock(write, {passphrase!r})
[report] = import_bundles(write, [Path(p) for p in {paths!r}])
assert report.status == "applied", report.message
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc (Linux)")
def test_memory_of_an_export_and_an_import_does_not_grow_with_the_attachments(station, tmp_path):
    """About 4 times the attachments stayed in memory before; now they stream, piece by piece. 192 MiB of
    photos go through processes that each peak below 150 MiB (the bench measures 2 GiB)."""
    db, county = station
    made = add_attachments(db, [8 << 20] * 24)
    env = {**os.environ, "MEDIATION_STATION_CLOCK": "2026-11-23T10:00:00+08:00"}
    (tmp_path / "stick").mkdir()
    county.engine.dispose()
    export_peak = _peak_mib(EXPORT.format(db=str(db.path), out=str(tmp_path / "stick")), env)
    paths = [str(p) for p in sorted((tmp_path / "stick").glob("*.msb"))]
    import_peak = _peak_mib(IMPORT.format(county=county.url, paths=paths, passphrase=PASSPHRASE), env)
    assert county_files(county) == {sha: sha for sha in made}
    assert sum(made.values()) >> 20 == 192
    assert export_peak < 150 and import_peak < 150, (export_peak, import_peak)
