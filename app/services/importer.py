"""Bringing in the register a station kept in Excel (.xlsx) or CSV (UTF-8, with or without BOM, or GB18030).

All or nothing: every row is validated first; if any is bad, nothing is imported and every bad cell is
listed with its row number, column and reason. A row already imported (same date, subject, parties and
facts) is skipped, so importing the same file twice does not duplicate cases.
"""
from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes, search_index
from app.drafts import DisputeDraft, PartyDraft, clean_dispute
from app.errors import Cancelled, MediationError
from app.i18n import _
from app.lifecycle import OPEN_STATUSES, Status, deadline_for
from app.services.disputes import register_dispute
from app.services.transitions import allocate_case_no
from app import clock
from db.models import Dispute, Mediator, StatusChange

REQUIRED = ("登记日期", "纠纷类型", "事由", "申请人")
KNOWN = REQUIRED + ("案件来源", "纠纷事实", "申请人身份证号", "申请人电话", "被申请人", "被申请人身份证号",
                    "被申请人电话", "涉及金额", "涉及人数", "状态", "调解员")
# Which column a validation error belongs to (by the draft's field key).
_COLUMN_OF = {"registered_on": "登记日期", "type_code": "纠纷类型", "source_code": "案件来源", "title": "事由",
              "facts": "纠纷事实", "amount": "涉及金额", "people_involved": "涉及人数"}
_SIDES = {"applicant": ("申请人", "申请人身份证号", "申请人电话"),
          "respondent": ("被申请人", "被申请人身份证号", "被申请人电话")}
SEPARATORS = ("、", "，", ",", ";", "；", "/")
STATUSES_NEEDING_NUMBER = frozenset(Status) - {Status.REGISTERED, Status.DECLINED, Status.REFERRED}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row {row}, column {column}: {message}").format(row=self.row, column=self.column,
                                                                 message=self.message)


@dataclass(frozen=True)
class ImportReport:
    rows: int
    imported: int
    already_present: int
    errors: tuple[RowError, ...] = ()
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(MediationError):
    pass


@dataclass
class _Row:
    number: int
    draft: DisputeDraft
    status: Status
    key: str
    errors: list[RowError] = field(default_factory=list)


def read_table(path: Path) -> list[tuple[int, dict[str, object]]]:
    """(spreadsheet row number, {header: value}) for every non-empty data row."""
    if not path.exists():
        raise ImportFailed(_("The file {path} does not exist.").format(path=path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif path.suffix.lower() in (".csv", ".txt"):
        rows = list(csv.reader(io.StringIO(_decode(path.read_bytes()))))
    else:
        raise ImportFailed(_("Only .xlsx and .csv files can be imported; save the register in one of these "
                             "formats."))
    if not rows:
        raise ImportFailed(_("The file is empty."))
    headers = [str(h or "").strip() for h in rows[0]]
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise ImportFailed(_("The first row must hold the column headers; missing: {names}.").format(
            names="、".join(missing)))
    out = []
    for number, values in enumerate(rows[1:], start=2):
        record = {h: v for h, v in zip(headers, values, strict=False) if h in KNOWN}  # short rows: empty cells
        if any(str(v or "").strip() for v in record.values()):
            out.append((number, record))
    return out


def _xlsx_rows(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise ImportFailed(_("The Excel file cannot be read ({error}); open it in Excel and save it again "
                             "as .xlsx.").format(error=type(exc).__name__)) from exc
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="strict")


def _split(value: object) -> list[str]:
    text = str(value or "").strip()
    for sep in SEPARATORS[1:]:
        text = text.replace(sep, SEPARATORS[0])
    return [p.strip() for p in text.split(SEPARATORS[0]) if p.strip()]


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _parse_row(number: int, rec: dict[str, object], mediators: dict[str, int], today: date) -> _Row:
    errors: list[RowError] = []
    parties: list[PartyDraft] = []
    for role, (name_col, id_col, phone_col) in _SIDES.items():
        names, ids, phones = _split(rec.get(name_col)), _split(_text(rec.get(id_col))), _split(
            _text(rec.get(phone_col)))
        for col, values in ((id_col, ids), (phone_col, phones)):
            if values and len(values) != len(names):
                errors.append(RowError(number, col, _("{n} values for {m} names; give one per party, separated "
                                                      "by 、.").format(n=len(values), m=len(names))))
        for i, name in enumerate(names):
            parties.append(PartyDraft(role=role, name=name, id_number=ids[i] if i < len(ids) else "",
                                      phone=phones[i] if i < len(phones) else ""))
    type_text, source_text = _text(rec.get("纠纷类型")), _text(rec.get("案件来源"))
    status_text = _text(rec.get("状态"))
    status_code = codes.statuses().code_for(status_text)
    status = Status(status_code) if status_code else None
    if status_text and status is None:
        errors.append(RowError(number, "状态", _("Unknown status; use one of {names}.").format(
            names="、".join(c.zh for c in codes.statuses().codes))))
    mediator = _text(rec.get("调解员"))
    if mediator and mediator not in mediators:
        errors.append(RowError(number, "调解员", _("No mediator named {name} at this station; add the mediator "
                                                   "first or leave the cell empty.").format(name=mediator)))
    draft = DisputeDraft(
        title=_text(rec.get("事由")), type_code=codes.dispute_types().code_for(type_text) or type_text,
        source_code=(codes.case_sources().code_for(source_text) or source_text) if source_text else "applied",
        registered_on=rec.get("登记日期") or "", facts=_text(rec.get("纠纷事实")),
        amount=rec.get("涉及金额") if rec.get("涉及金额") is not None else "",
        people_involved=_text(rec.get("涉及人数")), presiding_mediator_id=mediators.get(mediator),
        parties=tuple(parties))
    _clean, field_errors = clean_dispute(draft, today=today)
    for e in field_errors:
        errors.append(RowError(number, _column_for(e.key, parties), e.message))
    status = status or Status.REGISTERED
    if status in STATUSES_NEEDING_NUMBER and not any(p.role == "respondent" for p in parties):
        errors.append(RowError(number, "被申请人", _("A case that was accepted needs a respondent.")))
    return _Row(number, draft, status, _import_key(draft), errors)


def _column_for(key: str, parties: list[PartyDraft]) -> str:
    if key.startswith("parties."):
        _p, index, name = key.split(".", 2)
        name_col, id_col, phone_col = _SIDES.get(parties[int(index)].role, _SIDES["applicant"])
        return {"id_number": id_col, "phone": phone_col}.get(name, name_col)
    return _COLUMN_OF.get(key, "申请人" if key == "parties" else key)


def _import_key(draft: DisputeDraft) -> str:
    names = sorted(f"{p.role}:{p.name}" for p in draft.parties)
    basis = "|".join([str(draft.registered_on), draft.title, *names, draft.facts])
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:40]


def import_register(session: Session, *, path: Path, dry_run: bool = False, by: int | None = None,
                    today: date | None = None, progress: Callable[[int, int], None] | None = None,
                    is_cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Validate every row; import them all (or, with dry_run, only report)."""
    today = today or clock.today()
    mediators = dict(session.execute(select(Mediator.name, Mediator.id)).all())
    rows = [_parse_row(n, rec, mediators, today) for n, rec in read_table(path)]
    errors = tuple(e for r in rows for e in r.errors)
    known = set(session.scalars(select(Dispute.import_key).where(Dispute.import_key.in_([r.key for r in rows]))))
    fresh, seen = [], set(known)
    for r in rows:
        if r.key not in seen:
            seen.add(r.key)
            fresh.append(r)
    if errors or dry_run:
        return ImportReport(len(rows), 0 if errors else len(fresh), len(rows) - len(fresh), errors, dry_run)
    for i, r in enumerate(fresh, start=1):
        if is_cancelled and is_cancelled():
            raise Cancelled(_("Import cancelled; nothing was imported."))
        _store(session, r, by, today)
        if progress:
            progress(i, len(fresh))
    return ImportReport(len(rows), len(fresh), len(rows) - len(fresh))


def _store(session: Session, row: _Row, by: int | None, today: date) -> None:
    view = register_dispute(session, draft=row.draft, by=by, today=today)
    dispute = session.get(Dispute, view.id)
    dispute.import_key = row.key
    if row.status != Status.REGISTERED:
        # The old register knows only the status: record it as such, noting where it came from.
        if row.status in STATUSES_NEEDING_NUMBER:
            year = dispute.registered_on.year
            dispute.case_seq, dispute.case_no = allocate_case_no(session, station_id=dispute.station_id,
                                                                 year=year)
            dispute.case_year, dispute.accepted_on = year, dispute.registered_on
            if row.status in OPEN_STATUSES:
                dispute.deadline = deadline_for(dispute.registered_on)
        dispute.status = row.status.value
        session.add(StatusChange(dispute_id=dispute.id, from_status=Status.REGISTERED.value,
                                 to_status=row.status.value, on_date=dispute.registered_on, by_mediator_id=by,
                                 reason=_("Imported from the station's former register")))
    session.flush()
    search_index.refresh(session, [dispute.id])
