"""Every bundle the county must not take is refused with a message that says why, and the county database
is left exactly as it was."""
from __future__ import annotations

import io
import json
import warnings
import zipfile

import pytest

from app import sync_keys
from app.sync import county as county_service
from app.sync.county_import import import_bundles
from app.sync.schema import schema_version
from tests.conftest import register
from tests.sync.conftest import export, link, open_bundle, seal, snapshot, with_manifest

CODE = "330101001"


@pytest.fixture
def linked(db, county_db, tmp_path):
    register(db)
    link(db, county_db, tmp_path)
    return db, county_db, export(db, tmp_path / "out")


def refused(county, path, *words: str, told: bool = False) -> str:
    """Refused, the database unchanged; with told (the signature was the station's), a signed receipt says why,
    and nothing else is written."""
    before, receipts = snapshot(county.engine), set(path.parent.glob("*.receipt.json"))
    for old in receipts:
        old.unlink()
    [report] = import_bundles(county.write, [path])
    assert report.status == "refused", report.message
    assert any(w in report.message for w in words), report.message
    assert snapshot(county.engine) == before
    written = set(path.parent.glob("*.receipt.json"))
    if told:
        [receipt] = written
        body = json.loads(receipt.read_text(encoding="utf-8"))
        assert body["status"] == "refused" and body["reason"] == report.message and body["signature"]
        receipt.unlink()
    else:
        assert written == set()
    return report.message


def test_a_changed_byte_or_a_cut_file_is_refused(linked, tmp_path):
    _db, county, bundle = linked
    data = bytearray(bundle.path.read_bytes())
    tampered = tmp_path / "tampered.msb"
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    refused(county, tampered, "签名", "signature")
    truncated = tmp_path / "truncated.msb"
    truncated.write_bytes(bundle.path.read_bytes()[:-100])
    refused(county, truncated, "截断", "truncated")
    not_a_bundle = tmp_path / "notes.msb"
    not_a_bundle.write_text("这不是数据包", encoding="utf-8")
    refused(county, not_a_bundle, "不是", "not a Mediation Station bundle")


def test_a_key_the_county_has_not_enrolled_or_has_revoked_is_refused_before_decrypting(linked, tmp_path):
    db, county, bundle = linked
    for name in ("signing.pem", "agreement.pem"):        # a new PC: new keys, not yet enrolled
        (sync_keys.keys_dir(CODE) / name).unlink()
    sync_keys.ensure_station_keys(CODE)
    other = export(db, tmp_path / "newkey")
    refused(county, other.path, "未在本县登记", "has not enrolled")
    with county.write.begin() as s:
        county_service.revoke(s, CODE)
    refused(county, bundle.path, "吊销", "revoked")


def test_an_unknown_station_is_refused(linked, tmp_path):
    db, county, bundle = linked
    with county.write.begin() as s:
        from db.models import CountyStation
        s.query(CountyStation).delete()
    refused(county, bundle.path, "未在本县级数据库登记", "not enrolled")


def test_an_old_bundle_replayed_after_a_newer_one_is_refused(linked, tmp_path):
    db, county, first = linked
    register(db, title="第二件")
    second = export(db, tmp_path / "out")               # no receipt yet: carries the first one's changes too
    [report] = import_bundles(county.write, [second.path])
    assert report.status == "applied"
    refused(county, first.path, "较早", "older")


def test_a_different_file_under_a_number_already_used_is_refused(linked, tmp_path):
    _db, county, bundle = linked
    import_bundles(county.write, [bundle.path])
    entries = open_bundle(county, bundle.path)
    other = seal(county, with_manifest(entries, seq_to=bundle.seq_to + 1), station_code=CODE, number=1,
                 out=tmp_path / "other.msb")
    refused(county, other, "另一个第 1 号", "different bundle")


def _forged_zip(names_and_data: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")               # zipfile warns about the duplicate name we want
        for name, data in names_and_data:
            zf.writestr(name, data)
    return buffer.getvalue()


def test_paths_outside_the_bundle_and_duplicate_names_are_refused(linked, tmp_path):
    _db, county, bundle = linked
    entries = open_bundle(county, bundle.path)
    escaping = list(entries.items()) + [("../../etc/cron.d/evil", b"* * * * * root rm -rf /")]
    path = seal(county, {}, station_code=CODE, number=1, out=tmp_path / "escape.msb",
                raw_zip=_forged_zip(escaping))
    refused(county, path, "../../etc/cron.d/evil", told=True)
    twice = list(entries.items()) + [("records/party.jsonl", entries["records/party.jsonl"])]
    path = seal(county, {}, station_code=CODE, number=1, out=tmp_path / "twice.msb", raw_zip=_forged_zip(twice))
    refused(county, path, "两次", "twice", told=True)


def test_a_decompression_bomb_is_refused_before_it_unfolds(linked, tmp_path, monkeypatch):
    """By its absolute size, whatever its ratio (here with the cap of one table lowered to 64 MiB, so that the
    test stays small; tests/sync/test_hostile.py measures the real caps' memory in a subprocess)."""
    from app.sync import archive

    monkeypatch.setattr(archive, "LIMITS", archive.Limits(records=64 << 20))
    _db, county, bundle = linked
    entries = open_bundle(county, bundle.path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            if name != "records/party.jsonl":
                zf.writestr(name, data)
        with zf.open("records/party.jsonl", "w", force_zip64=True) as fh:
            block = b"0" * (1 << 20)
            for _i in range(128):                      # 128 MiB of zeros, about 128 KiB compressed
                fh.write(block)
    assert len(buffer.getvalue()) < 1 << 20
    path = seal(county, {}, station_code=CODE, number=1, out=tmp_path / "bomb.msb", raw_zip=buffer.getvalue())
    refused(county, path, "解压", "decompress", told=True)


def test_a_newer_schema_and_a_manifest_that_miscounts_are_refused(linked, tmp_path):
    _db, county, bundle = linked
    entries = open_bundle(county, bundle.path)
    newer = seal(county, with_manifest(entries, schema=schema_version() + 1), station_code=CODE, number=1,
                 out=tmp_path / "newer.msb")
    refused(county, newer, "请先升级", "newer", told=True)
    counts = {**json.loads(entries["manifest.json"])["counts"], "party": 5}
    miscount = seal(county, with_manifest(entries, counts=counts), station_code=CODE, number=1,
                    out=tmp_path / "miscount.msb")
    refused(county, miscount, "party", told=True)
