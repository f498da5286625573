"""The bundles this station sent to the county, as the 数据报送 window lists them (newest first)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes import ReceiptStatus
from db.models import SentBundle


@dataclass(frozen=True)
class SentBundleView:
    number: int
    created_at: datetime
    full: bool                         # carries everything (全量, or from the first change on)
    records: int
    receipt: ReceiptStatus | None      # None: no receipt yet
    receipt_note: str                  # why the county refused it, or which records it did not store


def sent_bundles(session: Session) -> list[SentBundleView]:
    rows = session.scalars(select(SentBundle).order_by(SentBundle.number.desc()))
    # a bundle from the first change on carries everything, whether or not 全量 was asked for (the first one)
    return [SentBundleView(b.number, b.created_at, b.full or b.seq_from == 1, sum((b.counts or {}).values()),
                           _receipt(b.receipt), b.receipt_note or "") for b in rows]


def _receipt(value: str | None) -> ReceiptStatus | None:
    try:
        return ReceiptStatus(value) if value else None
    except ValueError:          # a status a newer version wrote: shown as no receipt rather than a crash
        return None
