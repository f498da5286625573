"""Receipts: the county's signed word on a bundle, and the station's check of it.

The county counts the records it actually read from the bundle; the station compares them with what it
wrote. Only an applied bundle moves the station's acknowledged sequence number forward (its next bundle
starts after it); a mismatch makes the next export full, so nothing is lost whatever went wrong. A receipt
also lists the records that failed the county's checks (not stored), and a refused bundle gets a receipt
saying why, so that the station is told.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import access, audit, clock, safe_names, sync_keys
from app.errors import MediationError
from app.files import write_atomically
from app.i18n import _
from app.sync.envelope import b64, unb64
from app.sync.schema import RECEIPT_FORMAT
from app.clock import utcnow
from db.models import CountyBundle, CountyReceipt, SentBundle


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def file_name(station_code: str, number: int) -> str:
    return safe_names.file_name(station_code, f"{number:06d}", suffix=".receipt.json")


def sign(body: dict, signing_key) -> str:
    return json.dumps({**body, "signature": b64(signing_key.sign(_canonical(body)))}, ensure_ascii=False,
                      indent=1, sort_keys=True)


# -- the county's side ---------------------------------------------------------------------------------------
def issue(s: Session, ident, station, bundle: CountyBundle) -> tuple[str, str]:
    from app.sync import audit_anchor, county

    outcome = {k: v for k, v in bundle.outcome.items() if isinstance(v, int)}
    body = {"format": RECEIPT_FORMAT, "county": ident.name, "station_code": station.code, "number": bundle.number,
            "bundle_digest": bundle.digest, "status": bundle.status, "counts": bundle.counts,
            "acknowledged_seq": station.applied_seq if bundle.status == "applied" else None,
            "outcome": outcome, "rejected": bundle.outcome.get("rejected_records", []),
            "issued_at": clock.now().isoformat(timespec="seconds"), "audit_chain": audit_anchor.receipt_note(s, bundle)}
    text = sign(body, county.signing_key(ident))
    s.add(CountyReceipt(bundle_id=bundle.id, body=text))
    return file_name(station.code, bundle.number), text


def refusal(s: Session, *, station_code: str, number: int, digest: str, reason: str) -> tuple[str, str]:
    """The county's signed word that it refused a bundle, and why. Kept in no table (the ledger holds the
    bundles it accepted); the refusal itself is on the audit trail."""
    from app.sync import county

    ident = county.identity(s)
    body = {"format": RECEIPT_FORMAT, "county": ident.name, "station_code": station_code, "number": number,
            "bundle_digest": digest, "status": "refused", "counts": {}, "acknowledged_seq": None, "outcome": {},
            "reason": reason, "issued_at": clock.now().isoformat(timespec="seconds")}
    return file_name(station_code, number), sign(body, county.signing_key(ident))


def stored(s: Session, bundle: CountyBundle) -> tuple[str, str] | None:
    body = s.scalars(select(CountyReceipt.body).where(CountyReceipt.bundle_id == bundle.id)
                     .order_by(CountyReceipt.id.desc()).limit(1)).first()
    return (file_name(bundle.station_code, bundle.number), body) if body else None


def write_receipt(folder: Path, name: str, body: str) -> Path:
    path = safe_names.inside(folder, name)
    write_atomically(body.encode("utf-8"), path)
    return path


# -- the station's side --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReceiptResult:
    number: int
    status: str            # applied / pending / refused
    acknowledged_seq: int | None
    note: str = ""         # why the county refused the bundle, or which records it did not store
    audit_chain: str = ""  # what the county found in this station's audit chain, in words
    chain_alarm: bool = False


def import_receipt(write: sessionmaker[Session], path: Path, *, station_code: str) -> ReceiptResult:
    """Check the county's signature, the bundle and the counts; then mark the bundle received."""
    from app.services import settings
    from app.sync import audit_anchor
    from app.sync.export import NEXT_FULL

    keys = sync_keys.county_keys(station_code)
    if keys is None:
        raise MediationError(_("This station has no county key yet; import it first (keys import-county)."))
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        signature = unb64(data.pop("signature"))
        number, counts = int(data["number"]), {str(k): int(v) for k, v in data["counts"].items()}
    except FileNotFoundError:
        raise MediationError(_("The file {path} does not exist.").format(path=path)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise MediationError(_("{path} is not a county receipt.").format(path=path)) from None
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(unb64(keys.signing)).verify(signature, _canonical(data))
    except (InvalidSignature, ValueError):
        raise MediationError(_("The receipt's signature is not the county's: it was changed or comes from "
                               "elsewhere. Nothing was marked.")) from None
    if data.get("format") != RECEIPT_FORMAT or data.get("station_code") != station_code:
        raise MediationError(_("The receipt is for station {code}, not this one.").format(
            code=data.get("station_code")))
    note = _note(data)
    with write.begin() as s:
        sent = s.get(SentBundle, number)
        if sent is None or sent.digest != data.get("bundle_digest"):
            raise MediationError(_("The receipt is for bundle {number}, which this station did not write as such; "
                                   "nothing was marked.").format(number=number))
        differing = sorted(k for k in set(counts) | set(sent.counts) if counts.get(k) != sent.counts.get(k))
        if data.get("status") == "refused":     # nothing of it is at the county: the next bundle carries it again
            differing = []
            sent.receipt, sent.receipt_at, sent.receipt_note = "refused", utcnow(), note
        elif differing:   # the mismatch mark and the full-export flag are committed, then the user is told
            sent.receipt, sent.receipt_at = "mismatch", utcnow()
            settings.put(s, NEXT_FULL, "1")
        elif data.get("status") not in ("applied", "pending"):
            raise MediationError(_("The receipt's status {status} is not understood.").format(
                status=data.get("status")))
        else:
            sent.receipt, sent.receipt_at, sent.receipt_note = data["status"], utcnow(), note or None
        audit.append(s, "receipt", detail={"number": number, "status": sent.receipt})
        chain, alarm = audit_anchor.from_receipt(s, station_code, number, data.get("audit_chain"))
    if differing:
        raise MediationError(_("The county counted different records for bundle {number} ({tables}) than were "
                               "sent; the receipt was refused and the next export will be full.").format(
            number=number, tables="、".join(differing)))
    acknowledged = data.get("acknowledged_seq")
    return ReceiptResult(number, data["status"], int(acknowledged) if acknowledged is not None else None, note,
                         chain, alarm)


def _note(data: dict) -> str:
    """What the station keeps of the county's words: the reason of a refusal, or the records it did not store
    (the county wrote them; they are shown, never acted on)."""
    if data.get("status") == "refused":
        return str(data.get("reason") or "")[:2000]
    rejected = data.get("rejected") or []
    if not isinstance(rejected, list) or not rejected:
        return ""
    outcome = data.get("outcome") if isinstance(data.get("outcome"), dict) else {}
    lines = [_("The county did not store {n} records:").format(n=outcome.get("rejected", len(rejected)))]
    for r in rejected[:50]:
        if isinstance(r, dict):
            lines.append(_("{table} {uid}: {reason}").format(
                table=access.table_label(str(r.get("table"))), uid=str(r.get("uid"))[:36],
                reason=str(r.get("reason"))[:300]))
    return "\n".join(lines)
