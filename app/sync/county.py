"""The county office's database: its identity (keys), the stations it accepts bundles from, and their state.

The county's private keys live in its own database (a county server, not a village PC), sealed under the
county's passphrase (county_secrets.py). The person key is a separate secret for the keyed hash that
recognises one person across stations.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import audit, sync_keys, validation
from app.errors import MediationError, NotFound
from app.i18n import _
from app.sync import county_secrets
from app.sync.envelope import b64
from app.clock import utcnow
from app import clock
from db.models import CountyBundle, CountyConflict, CountyIdentity, CountyStation


@dataclass(frozen=True)
class StationState:
    code: str
    name: str
    revoked: bool
    applied_no: int
    last_received_at: datetime | None
    pending: int
    open_conflicts: int
    late: bool          # nothing received in the last 7 days


def identity(s: Session) -> CountyIdentity:
    found = s.scalars(select(CountyIdentity)).first()
    if found is None:
        raise MediationError(_("This is not a county database; create one with `mediation-station county init "
                               "--db URL`."))
    return found


def init_county(s: Session, *, name: str, passphrase: str) -> CountyIdentity:
    """Create the county's key pair and person key, sealed under the passphrase (app/sync/county_secrets.py); a
    database that already has them keeps them."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    found = s.scalars(select(CountyIdentity)).first()
    if found is not None:
        return found
    raw = serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    row = CountyIdentity(name=name, **county_secrets.seal_new({
        "signing_key": Ed25519PrivateKey.generate().private_bytes(*raw),
        "agreement_key": X25519PrivateKey.generate().private_bytes(*raw), "person_key": os.urandom(32)}, passphrase))
    s.add(row)
    if s.get_bind().dialect.name == "sqlite":
        # The change log feeds a station's bundles; a county database sends none, so its triggers would only
        # double the work of every import.
        for (name,) in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                      "'trg_%_log_%'")).all():
            s.execute(text(f'DROP TRIGGER "{name}"'))
    s.flush()
    return row


def signing_key(row: CountyIdentity):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(county_secrets.plain(row.signing_key))


def agreement_key(row: CountyIdentity):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return X25519PrivateKey.from_private_bytes(county_secrets.plain(row.agreement_key))


def person_secret(row: CountyIdentity) -> bytes:
    """The HMAC key that recognises one person across stations."""
    return county_secrets.plain(row.person_key)


def public_keys(row: CountyIdentity) -> sync_keys.PublicKeys:
    from cryptography.hazmat.primitives import serialization

    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    return sync_keys.PublicKeys(b64(signing_key(row).public_key().public_bytes(*raw)),
                                b64(agreement_key(row).public_key().public_bytes(*raw)))


def key_file(s: Session) -> bytes:
    """What `county export-key` writes for the stations: public keys only."""
    row = identity(s)
    keys = public_keys(row)
    return json.dumps({"format": sync_keys.COUNTY_FORMAT, "county": row.name, "signing_key": keys.signing,
                       "agreement_key": keys.agreement}, ensure_ascii=False, indent=1).encode("utf-8")


class KeysDiffer(MediationError):
    """Enrolment would replace an enrolled station's keys: only with replace=True (`--replace`)."""


def enrol(s: Session, path: Path, *, replace: bool = False) -> CountyStation:
    """Register a station from its enrolment file. An enrolled station keeps its keys unless replace is given
    (a new PC), and the replacement is on the audit trail with the old key's fingerprint; a revoked station
    stays revoked until reinstate()."""
    identity(s)
    wrong = _("{path} is not a station enrolment file; ask the station for the file made by `mediation-station "
              "keys export-enrolment`.")
    data = sync_keys.read_key_file(path, sync_keys.ENROLMENT_FORMAT, wrong)
    try:
        code = validation.station_code(data.get("station_code"))
        name = validation.required_text(str(data.get("station_name", "")), max_length=100)
        county_name = validation.optional_text(str(data.get("county", "")), max_length=100) or ""
    except validation.Invalid as exc:
        raise MediationError(_("{path} cannot be enrolled: {problem}").format(path=path, problem=exc)) from None
    new = {"signing_key": data["signing_key"], "agreement_key": data["agreement_key"]}
    row = s.scalars(select(CountyStation).where(CountyStation.code == code)).first()
    if row is None:
        row = CountyStation(code=code, applied_no=0, applied_seq=0, **new)
        s.add(row)
        audit.append(s, "station_enrolled", table="county_station", record=code,
                     detail={"key": sync_keys.fingerprint(new["signing_key"])})
    elif (row.signing_key, row.agreement_key) != (new["signing_key"], new["agreement_key"]):
        old = sync_keys.fingerprint(row.signing_key)
        if not replace:
            raise KeysDiffer(_("Station {code} is already enrolled with another key (fingerprint {old}; the file "
                               "holds {new}). Nothing was changed. If the station really has a new computer or new "
                               "keys, confirm it by telephone and enrol again with --replace.").format(
                code=code, old=old, new=sync_keys.fingerprint(new["signing_key"])))
        row.signing_key, row.agreement_key = new["signing_key"], new["agreement_key"]
        audit.append(s, "station_keys_replaced", table="county_station", record=code,
                     detail={"old_key": old, "key": sync_keys.fingerprint(new["signing_key"]),
                             "revoked": row.revoked_at is not None})
    row.name, row.county = name, county_name
    s.flush()
    return row


def station(s: Session, code: str) -> CountyStation:
    row = s.scalars(select(CountyStation).where(CountyStation.code == code)).first()
    if row is None:
        raise NotFound(_("No station {code} is enrolled in this county database.").format(code=code))
    return row


def revoke(s: Session, code: str) -> CountyStation:
    """From now on the station's bundles are refused, until reinstate() (enrolling again does not lift it)."""
    identity(s)
    row = station(s, code)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.append(s, "station_revoked", table="county_station", record=row.code,
                     detail={"key": sync_keys.fingerprint(row.signing_key)})
    return row


def reinstate(s: Session, code: str) -> CountyStation:
    """Lift a revocation: the station's bundles, signed with the key enrolled now, are accepted again."""
    identity(s)
    row = station(s, code)
    if row.revoked_at is not None:
        row.revoked_at = None
        audit.append(s, "station_reinstated", table="county_station", record=row.code,
                     detail={"key": sync_keys.fingerprint(row.signing_key)})
    return row


def overview(s: Session, today: date | None = None) -> list[StationState]:
    from sqlalchemy import func

    today = today or clock.today()
    pending = dict(s.execute(select(CountyBundle.station_code, func.count()).where(
        CountyBundle.status == "pending").group_by(CountyBundle.station_code)).all())
    conflicts = dict(s.execute(select(CountyConflict.station_code, func.count()).where(
        CountyConflict.resolved_at.is_(None)).group_by(CountyConflict.station_code)).all())
    out = []
    for row in s.scalars(select(CountyStation).order_by(CountyStation.code)):
        late = row.last_received_at is None or row.last_received_at.date() < today - timedelta(days=7)
        out.append(StationState(row.code, row.name, row.revoked_at is not None, row.applied_no,
                                row.last_received_at, pending.get(row.code, 0), conflicts.get(row.code, 0),
                                late and row.revoked_at is None))
    return out


def reporting(s: Session, start: date, end: date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(零报告 stations, stations that sent nothing) for a period: a station has reported when an applied
    bundle's period overlaps it; it is a 零报告 when it reported and none of its cases moved in the period."""
    from app.services.sql import rows

    active = {code for (code,) in rows(s, "SELECT DISTINCT s.code FROM dispute d JOIN station s ON s.id = "
                                          "d.station_id WHERE d.deleted_at IS NULL AND (d.registered_on BETWEEN "
                                          ":a AND :b OR d.accepted_on BETWEEN :a AND :b OR d.closed_on BETWEEN :a "
                                          "AND :b)", {"a": start, "b": end})}
    reported = set(s.scalars(select(CountyBundle.station_code).where(
        CountyBundle.status == "applied", CountyBundle.period_from <= end.isoformat(),
        CountyBundle.period_to >= start.isoformat())))
    stations = s.execute(select(CountyStation.code, CountyStation.name).where(
        CountyStation.revoked_at.is_(None)).order_by(CountyStation.code)).all()
    zero = tuple(f"{name}({code})" for code, name in stations if code in reported and code not in active)
    missing = tuple(f"{name}({code})" for code, name in stations if code not in reported and code not in active)
    return zero, missing
