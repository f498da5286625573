"""Station codes are digits and every file name made from data stays in its folder; a station's enrolled keys
change only on purpose (`--replace`, audited with the old fingerprint); a revocation lasts until `county
reinstate`; only the 主任 imports the county key."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app import safe_names, sync_keys
from app.access import Actor
from app.errors import MediationError, PermissionRefused
from app.sync import county as county_service
from app.sync.county_import import import_bundles
from db.models import AuditEntry, CountyStation
from tests.conftest import CLI_PASSWORD, CLI_USER, register
from tests.sync.conftest import export, link, open_bundle, seal, snapshot, with_manifest
from ui.cli import main

CODE = "330101001"
MEDIATOR = Actor(9, "赵调解", "mediator", 3)


@pytest.fixture
def county_cli(county_db, cli_env, monkeypatch):
    """The county database with a reviewer the command line logs in as (and the passphrase of its keys)."""
    from app.services import accounts
    from tests.sync.conftest import PASSPHRASE

    monkeypatch.setenv("MEDIATION_COUNTY_PASSPHRASE", PASSPHRASE)

    with county_db.write.begin() as s:
        accounts.add_account(s, name=CLI_USER, role="reviewer", password=CLI_PASSWORD)
    return county_db


def county(county_db, *args: str) -> int:
    return main(["county", *args, "--db", county_db.url])


# -- names and paths ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "CON", "a/b\\c", "\u202eexe.pdf", "x\x00y", "", " . ",
                                  "调" * 200])
def test_a_file_name_made_from_data_stays_in_its_folder(tmp_path, name):
    path = safe_names.inside(tmp_path, name, "000001", suffix=".msb")
    assert path.parent == tmp_path and path.name.endswith("-000001.msb")
    assert not path.name.startswith(".") and len(path.name.encode()) <= 255 and "\u202e" not in path.name
    assert path.name.split("-")[0].upper() != "CON"


def test_init_takes_only_a_county_station_code(tmp_path, cli_env, capsys):
    path = tmp_path / "new.sqlite"
    for bad in ("../../escape", "33010100A", "12345", "3301010011234"):
        assert main(["--db", str(path), "init", "--station-name", "东街社区人民调解委员会", "--station-code", bad,
                     "--county", "某某县", "--case-prefix", "东人", "--mediator", CLI_USER]) == 1
        assert "6 至 12 位数字" in capsys.readouterr().err
    assert not (tmp_path / "escape").exists() and not sync_keys.keys_dir("escape").exists()
    assert main(["--db", str(path), "init", "--station-name", "东街社区人民调解委员会", "--station-code", "330101009",
                 "--county", "某某县", "--case-prefix", "东人", "--mediator", CLI_USER]) == 0


def test_enrolment_takes_only_a_county_station_code(db, county_cli, tmp_path, capsys):
    enrolment = sync_keys.enrolment(CODE, "城关镇人民调解委员会", "某某县")
    path = tmp_path / "登记.json"
    path.write_text(json.dumps({**enrolment, "station_code": "../../../tmp/evil"}), encoding="utf-8")
    before = snapshot(county_cli.engine)
    assert county(county_cli, "enrol", str(path)) == 1
    assert "6 至 12 位数字" in capsys.readouterr().err
    assert snapshot(county_cli.engine) == before


@pytest.mark.parametrize("odd", ["../escape", "escape-1"])
def test_a_bundle_under_a_code_that_is_not_the_countys_is_refused(db, county_db, tmp_path, odd):
    """A county database from before the check, holding a station enrolled under an odd code with a real key:
    its bundles are refused, no receipt is written anywhere ('../' is also refused by the volume trailer)."""
    register(db)
    link(db, county_db, tmp_path)
    entries = open_bundle(county_db, export(db, tmp_path / "out").path)
    with county_db.write.begin() as s:
        real = s.scalars(select(CountyStation)).one()
        s.add(CountyStation(code=odd, name="x", signing_key=real.signing_key,
                            agreement_key=real.agreement_key, applied_no=0, applied_seq=0))
    station = [{**json.loads(x), "code": odd} for x in entries["records/station.jsonl"].splitlines()]
    entries["records/station.jsonl"] = "".join(json.dumps(r) + "\n" for r in station).encode()
    path = seal(county_db, with_manifest(entries, station_code=odd), station_code=odd, number=1,
                out=tmp_path / "odd.msb", signer=CODE)      # signed with the station's real key
    before = snapshot(county_db.engine)
    [report] = import_bundles(county_db.write, [path], receipt_dir=tmp_path / "receipts")
    assert report.status == "refused" and ("不是县级的调解站代码" in report.message or odd.startswith(".."))
    assert snapshot(county_db.engine) == before
    assert not list(tmp_path.rglob("*.receipt.json"))


def test_a_station_whose_code_holds_a_path_exports_into_the_chosen_folder(db, county_db, tmp_path):
    register(db)
    link(db, county_db, tmp_path)
    with db.write.begin() as s:                       # a database set up before codes were checked
        s.execute(text("UPDATE station SET code = '../escape'"))
    sync_keys.ensure_station_keys("../escape")
    sync_keys.import_county_key("../escape", tmp_path / "county-key.json")
    result = export(db, tmp_path / "stick" / "out")
    assert result.path.parent == tmp_path / "stick" / "out" and result.path.name == "_escape-000001.msb"
    assert list(tmp_path.rglob("*.msb")) == [result.path]


def test_an_attachment_is_found_only_by_a_real_digest(tmp_path):
    from app.attachments import AttachmentStore

    store = AttachmentStore(tmp_path / "files")
    (tmp_path / "secret.txt").write_text("密钥", encoding="utf-8")
    for bad in ("../../secret.txt", "../secret.txt", "A" * 64, "0" * 63):
        with pytest.raises(MediationError, match="SHA-256"):
            store.read(bad)


# -- keys ---------------------------------------------------------------------------------------------------------
def _new_keys_enrolment(tmp_path) -> Path:
    for name in ("signing.pem", "agreement.pem"):      # a new PC, or someone else's keys
        (sync_keys.keys_dir(CODE) / name).unlink()
    path = tmp_path / "new-enrolment.json"
    path.write_text(json.dumps(sync_keys.enrolment(CODE, "城关镇人民调解委员会", "某某县")), encoding="utf-8")
    return path


def test_enrolment_does_not_replace_a_stations_keys_without_replace(db, county_cli, tmp_path, capsys):
    register(db)
    link(db, county_cli, tmp_path)
    with county_cli.read() as s:
        old = county_service.station(s, CODE).signing_key
    new = _new_keys_enrolment(tmp_path)
    before = snapshot(county_cli.engine)
    assert county(county_cli, "enrol", str(new)) == 1
    err = capsys.readouterr().err
    assert "--replace" in err and sync_keys.fingerprint(old) in err
    assert snapshot(county_cli.engine) == before
    [refused] = import_bundles(county_cli.write, [export(db, tmp_path / "out").path])
    assert refused.status == "refused"                       # the new key's bundles wait for the decision
    assert county(county_cli, "enrol", str(new), "--replace") == 0
    with county_cli.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "station_keys_replaced")).one()
        assert county_service.station(s, CODE).signing_key == sync_keys.station_public_keys(CODE).signing
    detail = json.loads(entry.detail)
    assert detail["old_key"] == sync_keys.fingerprint(old) and entry.actor == CLI_USER
    assert import_bundles(county_cli.write, [export(db, tmp_path / "out2").path])[0].status == "applied"


def test_a_revocation_stays_until_the_county_reinstates_the_station(db, county_cli, tmp_path, capsys):
    register(db)
    link(db, county_cli, tmp_path)
    enrolment = tmp_path / f"enrol-{CODE}.json"
    assert county(county_cli, "revoke", CODE) == 0
    bundle = export(db, tmp_path / "out")
    assert county(county_cli, "enrol", str(enrolment)) == 0             # the same file again
    assert "reinstate" in capsys.readouterr().out
    assert import_bundles(county_cli.write, [bundle.path])[0].status == "refused"
    new = _new_keys_enrolment(tmp_path)
    assert county(county_cli, "enrol", str(new), "--replace") == 0      # new keys do not lift it either
    bundle = export(db, tmp_path / "out2")
    [report] = import_bundles(county_cli.write, [bundle.path])
    assert report.status == "refused" and "reinstate" in report.message
    assert county(county_cli, "reinstate", CODE) == 0
    assert import_bundles(county_cli.write, [bundle.path])[0].status == "applied"
    with county_cli.read() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("station_%"))).all()
    assert actions == ["station_enrolled", "station_revoked", "station_keys_replaced", "station_reinstated"]


def test_only_the_head_imports_the_county_key(db, county_db, tmp_path):
    link(db, county_db, tmp_path)
    key = tmp_path / "county-key.json"
    stored = sync_keys.county_keys(CODE)
    other = json.loads(key.read_text(encoding="utf-8"))
    forged = sync_keys.ensure_station_keys("999999999")             # a key pair the county never made
    key.write_text(json.dumps({**other, "signing_key": forged.signing, "agreement_key": forged.agreement}),
                   encoding="utf-8")
    with pytest.raises(PermissionRefused, match="导入县级公钥"):
        sync_keys.install_county_key(db.write, actor=MEDIATOR, station_code=CODE, path=key)
    assert sync_keys.county_keys(CODE) == stored
    with db.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (last.action, last.actor) == ("refused", "赵调解")
    head = Actor(1, "王调解", "head", 1)
    sync_keys.install_county_key(db.write, actor=head, station_code=CODE, path=key)
    assert sync_keys.county_keys(CODE).signing == forged.signing
    with db.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    detail = json.loads(last.detail)
    assert last.action == "county_key_imported" and last.actor == "王调解"
    assert detail == {"key": sync_keys.fingerprint(forged.signing), "replaced": sync_keys.fingerprint(stored.signing)}
