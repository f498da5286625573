"""The station's key pair for the sync bundle, and the county's public keys.

Ed25519 signs what the station sends; X25519 is what the county encrypts receipts to and what bundles are
encrypted with (the manifest names the algorithms, so the national SM2/SM3/SM4 set can replace them). The
private keys are created at set-up, written owner-only, and never leave this computer: they live in the
user's configuration folder, not beside the database, so a copy of the database on a USB stick does not
carry them."""
from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from app import safe_names
from app.errors import MediationError
from app.i18n import _
from app.paths import config_dir

SIGNING, AGREEMENT = "Ed25519", "X25519"
ENROLMENT_FORMAT = "mediation-station-enrolment/1"
COUNTY_FORMAT = "mediation-station-county-key/1"


@dataclass(frozen=True)
class PublicKeys:
    signing: str        # base64 of the raw 32-byte public keys
    agreement: str


def keys_dir(station_code: str) -> Path:
    return safe_names.inside(config_dir() / "keys", station_code)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def fingerprint(key: str) -> str:
    """A public key (base64) as people compare it on the telephone: the first 16 bytes of its SHA-256."""
    try:
        digest = hashlib.sha256(base64.b64decode(key, validate=True)).hexdigest()[:32]
    except (ValueError, TypeError):
        return "?"
    return ":".join(digest[i:i + 4] for i in range(0, 32, 4))


def _write_private(path: Path, data: bytes) -> None:
    """Owner-only from the first byte (no window in which another user could read it)."""
    from app.files import PRIVATE_FILE, private_dir

    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def ensure_station_keys(station_code: str) -> PublicKeys:
    """Create the station's key pairs if this computer has none yet; return the public halves."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    folder = keys_dir(station_code)
    for name, make in (("signing.pem", Ed25519PrivateKey.generate), ("agreement.pem", X25519PrivateKey.generate)):
        if not (folder / name).exists():
            _write_private(folder / name, make().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return station_public_keys(station_code)


def _private(station_code: str, name: str):
    from cryptography.hazmat.primitives import serialization

    path = keys_dir(station_code) / name
    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise MediationError(_("This computer has no key for station {code}; run `mediation-station keys "
                               "export-enrolment` to create it.").format(code=station_code)) from None


def signing_key(station_code: str):
    return _private(station_code, "signing.pem")


def agreement_key(station_code: str):
    return _private(station_code, "agreement.pem")


def station_public_keys(station_code: str) -> PublicKeys:
    from cryptography.hazmat.primitives import serialization

    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    return PublicKeys(b64(signing_key(station_code).public_key().public_bytes(*raw)),
                      b64(agreement_key(station_code).public_key().public_bytes(*raw)))


def enrolment(station_code: str, name: str, county: str) -> dict:
    """What the county needs to accept this station's bundles: who it is and its public keys, nothing else."""
    keys = ensure_station_keys(station_code)
    return {"format": ENROLMENT_FORMAT, "station_code": station_code, "station_name": name, "county": county,
            "algorithms": {"signature": SIGNING, "key_agreement": AGREEMENT},
            "signing_key": keys.signing, "agreement_key": keys.agreement}


def read_key_file(path: Path, file_format: str, wrong: str) -> dict:
    """A JSON key file of the given format whose two public keys are 32 bytes each; `wrong` is the message
    (with {path}) for anything else. Reading it changes nothing."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != file_format:
            raise ValueError
        for value in (data["signing_key"], data["agreement_key"]):
            if len(base64.b64decode(value, validate=True)) != 32:
                raise ValueError
    except FileNotFoundError:
        raise MediationError(_("The file {path} does not exist.").format(path=path)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise MediationError(wrong.format(path=path)) from None
    return data


def import_county_key(station_code: str, path: Path) -> PublicKeys:
    """Take the county's public keys (from `county export-key`); a wrong file changes nothing."""
    from app.files import private_dir, write_atomically

    data = read_key_file(path, COUNTY_FORMAT, _("{path} is not a county key file; ask the county office for the "
                                                 "file made by `mediation-station county export-key`."))
    keys = PublicKeys(data["signing_key"], data["agreement_key"])
    target = private_dir(keys_dir(station_code)) / "county.json"
    write_atomically(json.dumps({"format": COUNTY_FORMAT, "signing_key": keys.signing,
                                 "agreement_key": keys.agreement}).encode("utf-8"), target)
    return keys


def install_county_key(write, *, actor, station_code: str, path: Path) -> PublicKeys:
    """The 主任 takes the county's key file (whoever holds it decides where the weekly bundles can be read):
    checked, stored, and put on the audit trail with its fingerprint and that of the key it replaces."""
    from app import access, audit
    from app.errors import PermissionRefused

    try:
        access.require(actor, "county_key")
    except PermissionRefused as exc:
        audit.record_refusal(write, actor, exc)
        raise
    old = county_keys(station_code)
    with write.begin() as s:
        keys = import_county_key(station_code, path)
        audit.append(s, "county_key_imported", detail={"key": fingerprint(keys.signing),
                                                       "replaced": old and fingerprint(old.signing)}, actor=actor)
    return keys


def county_keys(station_code: str) -> PublicKeys | None:
    try:
        data = json.loads((keys_dir(station_code) / "county.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return PublicKeys(data["signing_key"], data["agreement_key"])
