"""The station's keys: created at set-up, owner-only, never in the enrolment file; the county's key file is
checked before it is stored."""
from __future__ import annotations

import json
import stat

import pytest

from app import sync_keys
from app.errors import MediationError


def test_init_creates_owner_only_keys_and_the_enrolment_carries_only_public_keys(cli_env, tmp_path, capsys):
    from ui.cli import main

    path = tmp_path / "new.sqlite"
    assert main(["--db", str(path), "init", "--station-name", "东街社区人民调解委员会", "--station-code", "330101009",
                 "--county", "某某县", "--case-prefix", "东人", "--mediator", "王调解"]) == 0
    folder = sync_keys.keys_dir("330101009")
    for name in ("signing.pem", "agreement.pem"):
        mode = stat.S_IMODE((folder / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    out = tmp_path / "enrol.json"
    assert main(["--db", str(path), "keys", "export-enrolment", "--out", str(out)]) == 0
    enrol = json.loads(out.read_text(encoding="utf-8"))
    assert enrol["station_code"] == "330101009" and enrol["algorithms"]["signature"] == "Ed25519"
    text = out.read_text(encoding="utf-8")
    assert "PRIVATE" not in text and (folder / "signing.pem").read_text() not in text
    before = (folder / "signing.pem").read_bytes()
    sync_keys.ensure_station_keys("330101009")                     # a second call keeps the keys
    assert (folder / "signing.pem").read_bytes() == before
    assert enrol["signing_key"] == sync_keys.station_public_keys("330101009").signing


def test_county_key_file_is_checked_and_a_wrong_one_changes_nothing(db, head_login, tmp_path, capsys):
    from ui.cli import main

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    assert main(["--db", str(db.path), "keys", "import-county", str(bad)]) == 1
    assert "county export-key" in capsys.readouterr().err
    assert sync_keys.county_keys("330101001") is None
    good = tmp_path / "county.json"
    public = sync_keys.ensure_station_keys("county-test")      # any valid pair of 32-byte public keys
    good.write_text(json.dumps({"format": sync_keys.COUNTY_FORMAT, "signing_key": public.signing,
                                "agreement_key": public.agreement}), encoding="utf-8")
    assert main(["--db", str(db.path), "keys", "import-county", str(good)]) == 0
    assert sync_keys.county_keys("330101001") == public
    with pytest.raises(MediationError):
        sync_keys.import_county_key("330101001", tmp_path / "missing.json")
    assert sync_keys.county_keys("330101001") == public
