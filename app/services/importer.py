"""Bringing in the register a station kept in Excel (.xlsx) or CSV (app/register_file.py reads the file).

All or nothing: every row is read and validated first and kept as staged rows; if any is bad, nothing is
imported and every bad cell is listed with its row number, column and reason. Only then do the staged rows go
in, through SQLAlchemy Core in chunks, with their audit entries, in the caller's one transaction (a refusal or a
cancel rolls it all back). A row already imported (same date, subject, parties and facts) is skipped, so
importing the same file twice does not duplicate cases. Importing is the head's (主任) work.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from functools import lru_cache
from operator import itemgetter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from app import access, audit, clock, codes, search_index, search_text, validation
from app.drafts import CleanDispute, DisputeDraft, PartyDraft, clean_dispute
from app.errors import Cancelled, ImportFailed
from app.i18n import _
from app.lifecycle import CLOSING_STATUSES, OPEN_STATUSES, TRANSITIONS, Outcome, Status, deadline_for
from app.register_file import KNOWN, REQUIRED, RowError, open_register
from app.services.disputes import dispute_values, party_values
from app.services.stations import get_station
from app.services.transitions import format_case_no
from db.base import utcnow
from db.models import CaseCounter, Dispute, Mediator, Party, StatusChange

__all__ = ["KNOWN", "REQUIRED", "ImportFailed", "ImportReport", "RowError", "import_register"]

# Which column a validation error belongs to (by the draft's field key).
_COLUMN_OF = {"registered_on": "登记日期", "type_code": "纠纷类型", "source_code": "案件来源", "title": "事由",
              "facts": "纠纷事实", "amount": "涉及金额", "people_involved": "涉及人数"}
_SIDES = {"applicant": ("申请人", "申请人身份证号", "申请人电话"),
          "respondent": ("被申请人", "被申请人身份证号", "被申请人电话")}
SEPARATORS = ("、", "，", ",", ";", "；", "/")
_SEPARATOR = re.compile("|".join(map(re.escape, SEPARATORS)))
STATUSES_NEEDING_NUMBER = frozenset(Status) - {Status.REGISTERED, Status.DECLINED, Status.REFERRED}
# 调解结果 as registers write it -> the status the case was closed with.
RESULTS = {"调解成功": Status.SETTLED, "成功": Status.SETTLED, "达成协议": Status.SETTLED,
           "调解不成": Status.FAILED, "调解不成功": Status.FAILED, "不成功": Status.FAILED, "调解失败": Status.FAILED,
           "终止": Status.ENDED, "终止调解": Status.ENDED, "已终止": Status.ENDED,
           "不予受理": Status.DECLINED, "移送": Status.REFERRED, "已移送": Status.REFERRED}
FORMS = {"书面": Outcome.WRITTEN, "书面协议": Outcome.WRITTEN, "口头": Outcome.ORAL, "口头协议": Outcome.ORAL}
# What a closing leaves as the status afterwards (performed, archived); the closing itself for the others.
LATER = {Status.SETTLED: {Status.SETTLED, Status.PERFORMED, Status.UNPERFORMED, Status.ARCHIVED}}
MAX_ERRORS = 1000          # listed problems; past this the file is clearly not a register of this station
CHUNK = 2000               # cases per bulk insert (and per audit batch)
STEP = 1000                # rows between progress reports and cancel checks while reading


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


@dataclass(frozen=True)
class _Closing:
    """How the former register says the case ended: kept on the case, so that it counts in its period."""
    status: Status | None = None       # settled / failed / ended / declined / referred
    closed_on: date | None = None
    outcome: Outcome | None = None
    agreed_fen: int | None = None
    original_no: str | None = None


@dataclass
class _Row:
    number: int
    clean: CleanDispute | None
    status: Status
    key: str
    errors: list[RowError] = field(default_factory=list)
    closing: _Closing = _Closing()


def import_register(session: Session, *, path: Path, dry_run: bool = False, by: int | None = None,
                    today: date | None = None, progress: Callable[[int, int], None] | None = None,
                    is_cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Validate every row; import them all (or, with dry_run, only report). Progress runs twice: reading the
    rows, then writing them."""
    access.require(access.actor_of(session), "import")
    today = today or clock.today()
    mediators = dict(session.execute(select(Mediator.name, Mediator.id)).all())
    known = set(session.scalars(select(Dispute.import_key).where(Dispute.import_key.is_not(None))))
    staged: list[_Row] = []
    errors: list[RowError] = []
    rows = 0
    with open_register(Path(path)) as register:
        for number, record in register.rows:
            rows += 1
            row = _parse_row(number, record, mediators, today)
            errors.extend(row.errors)
            if not errors and row.key not in known:
                known.add(row.key)
                staged.append(row)
            if len(errors) + len(register.errors) >= MAX_ERRORS:
                break
            if rows % STEP == 0:
                _step(rows, register.total, progress, is_cancelled)
        errors = sorted(register.errors + errors, key=lambda e: e.row)
    if errors:
        if len(errors) >= MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [RowError(errors[MAX_ERRORS - 1].row, "…", _(
                "more than {n} problems; the rest were not checked. Correct these, then import again.").format(
                n=MAX_ERRORS))]
        return ImportReport(rows, 0, 0, tuple(errors), dry_run)
    if progress:
        progress(rows, rows)
    if not dry_run:
        _insert(session, staged, by=by, source=Path(path).name, progress=progress, is_cancelled=is_cancelled)
        audit.append(session, "register_import", detail={"file": Path(path).name, "rows": rows,
                                                          "imported": len(staged)})
    return ImportReport(rows, len(staged), rows - len(staged), (), dry_run)


def _step(done: int, total: int, progress, is_cancelled) -> None:
    if is_cancelled and is_cancelled():
        raise Cancelled(_("Import cancelled; nothing was imported."))
    if progress:
        progress(min(done, total), total)


# --- one row ------------------------------------------------------------------------------------------------

def _split(value: object) -> list[str]:
    return [p for p in (part.strip() for part in _SEPARATOR.split(_text(value))) if p]


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    return "" if value is None else str(value).strip()


def _parse_row(number: int, rec: dict[str, object], mediators: dict[str, int], today: date) -> _Row:
    errors: list[RowError] = []
    parties: list[PartyDraft] = []
    for role, (name_col, id_col, phone_col) in _SIDES.items():
        names, ids, phones = _split(rec.get(name_col)), _split(rec.get(id_col)), _split(rec.get(phone_col))
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
                                                   "first or leave the cell empty.").format(name=mediator[:50])))
    draft = DisputeDraft(
        title=_text(rec.get("事由")), type_code=codes.dispute_types().code_for(type_text) or type_text,
        source_code=(codes.case_sources().code_for(source_text) or source_text) if source_text else "applied",
        registered_on=rec.get("登记日期") or "", facts=_text(rec.get("纠纷事实")),
        amount=rec.get("涉及金额") if rec.get("涉及金额") is not None else "",
        people_involved=_text(rec.get("涉及人数")), presiding_mediator_id=mediators.get(mediator),
        parties=tuple(parties))
    clean, field_errors = clean_dispute(draft, today=today, require_sides=False)   # old rows as they were kept
    for e in field_errors:
        errors.append(RowError(number, _column_for(e.key, parties), e.message))
    closing, status = _closing(number, rec, status, clean.registered_on if clean else None, today, errors)
    if status in STATUSES_NEEDING_NUMBER and not any(p.role == "respondent" for p in parties):
        errors.append(RowError(number, "被申请人", _("A case that was accepted needs a respondent.")))
    return _Row(number, None if errors else clean, status, _import_key(draft), errors, closing)


def _closing(number: int, rec: dict[str, object], status: Status | None, registered_on: date | None, today: date,
             errors: list[RowError]) -> tuple[_Closing, Status]:
    """案号, 结案日期, 调解结果, 协议金额, 协议形式: checked against each other and the status."""
    original = _text(rec.get("案号")) or None
    if original and len(original) > 60:
        errors.append(RowError(number, "案号", _("At most {n} characters; shorten the text.").format(n=60)))
    result_text = _text(rec.get("调解结果"))
    result = RESULTS.get(result_text.replace(" ", "")) if result_text else None
    if result_text and result is None:
        errors.append(RowError(number, "调解结果", _("Unknown result; use one of {names}.").format(
            names="、".join(RESULTS))))
    if result is not None and status is not None and status not in LATER.get(result, {result, Status.ARCHIVED}):
        errors.append(RowError(number, "调解结果", _("The result does not agree with the status {status}; correct one "
                                                   "of the two.").format(status=codes.statuses().label(status))))
    status = status or result or Status.REGISTERED
    if result is None and status in CLOSING_STATUSES:
        result = status
    elif result is None and status == Status.PERFORMED:
        result = Status.SETTLED
    closed_on = None
    raw_closed = rec.get("结案日期")
    if raw_closed not in (None, ""):
        try:
            closed_on = validation.parse_date(raw_closed, not_after=today, not_before=registered_on)
        except validation.Invalid as exc:
            errors.append(RowError(number, "结案日期", str(exc)))
        if result is None:
            errors.append(RowError(number, "结案日期", _("A closing date needs the result (调解结果) the case was "
                                                      "closed with.")))
    outcome, agreed = None, None
    form_text = _text(rec.get("协议形式"))
    if form_text:
        outcome = FORMS.get(form_text.replace(" ", ""))
        if outcome is None:
            errors.append(RowError(number, "协议形式", _("Write 书面 or 口头.")))
    raw_amount = rec.get("协议金额")
    if raw_amount not in (None, ""):
        try:
            agreed = validation.to_fen(validation.amount(raw_amount))
        except validation.Invalid as exc:
            errors.append(RowError(number, "协议金额", str(exc)))
    if result != Status.SETTLED:
        for column, given in (("协议形式", form_text), ("协议金额", raw_amount not in (None, ""))):
            if given:
                errors.append(RowError(number, column, _("Only a settled case (调解成功) has an agreement; leave the "
                                                         "cell empty or correct the result.")))
    elif outcome is None:
        outcome = Outcome.WRITTEN           # most registers list written agreements only; the column says otherwise
    if result is not None and closed_on is None:
        closed_on = registered_on           # no date in the register: the day it was registered, as accepted_on
    return _Closing(result, closed_on, outcome, agreed, original), status


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


# --- writing the staged rows --------------------------------------------------------------------------------

def _insert(session: Session, staged: list[_Row], *, by: int | None, source: str, progress,
            is_cancelled) -> None:
    """The staged rows as cases with their parties, status history, case numbers, index text and audit
    entries, in chunks through Core (the ORM's one-row-at-a-time flush took 1,006 s for 100,000 rows)."""
    station = get_station(session)
    counters = dict(session.execute(select(CaseCounter.year, CaseCounter.last_seq)
                                    .where(CaseCounter.station_id == station.id)).all())
    years_before = set(counters)
    # Ids are given here so that parties, history and index rows need no read-back. The write transaction holds
    # SQLite's write lock (BEGIN IMMEDIATE), so nobody else takes these ids meanwhile.
    next_id = (session.scalar(select(func.max(Dispute.id))) or 0) + 1
    sqlite = session.get_bind().dialect.name == "sqlite"
    place = (station.id, station.case_prefix)

    def build(start: int) -> _Chunk:
        chunk = _Chunk(place, counters, by, sqlite, source)
        for offset, row in enumerate(staged[start:start + CHUNK]):
            chunk.add(next_id + start + offset, row)
        return chunk

    # The next chunk is built (Python) on a second thread while this one is written: SQLite lets go of the
    # GIL while it works, so the two overlap on a two-core PC. Only this thread touches the database.
    with ThreadPoolExecutor(max_workers=1) as builder:
        pending = builder.submit(build, 0)
        for start in range(0, len(staged), CHUNK):
            chunk = pending.result()
            if is_cancelled and is_cancelled():
                raise Cancelled(_("Import cancelled; nothing was imported."))
            if start + CHUNK < len(staged):
                pending = builder.submit(build, start + CHUNK)
            chunk.write(session)
            if progress:
                progress(min(start + CHUNK, len(staged)), len(staged))
    for year, last in counters.items():
        if year in years_before:
            session.execute(update(CaseCounter).where(CaseCounter.station_id == station.id,
                                                      CaseCounter.year == year).values(last_seq=last))
        else:
            session.execute(insert(CaseCounter).values(station_id=station.id, year=year, last_seq=last))


class _Chunk:
    """One chunk's rows for each table, and one audit entry per case holding all that was written for it."""

    def __init__(self, place: tuple[int, str], counters: dict[int, int], by: int | None, sqlite: bool,
                 source: str):
        (self.station_id, self.case_prefix), self.counters = place, counters
        self.by, self.sqlite, self.source = by, sqlite, source
        self.now = utcnow()
        self.disputes: list[dict] = []
        self.parties: list[dict] = []
        self.changes: list[dict] = []
        self.search: list[dict] = []
        self.events: list[audit.Event] = []

    def add(self, dispute_id: int, row: _Row) -> None:
        clean = row.clean
        number = dict(case_no=None, case_year=None, case_seq=None, accepted_on=None, deadline=None)
        if row.status in STATUSES_NEEDING_NUMBER:
            # The old register knows only the status: the case is numbered as accepted on the day it was registered.
            year = clean.registered_on.year
            seq = self.counters[year] = self.counters.get(year, 0) + 1
            number = dict(case_no=format_case_no(year, self.case_prefix, seq), case_year=year,
                          case_seq=seq, accepted_on=clean.registered_on,
                          deadline=deadline_for(clean.registered_on) if row.status in OPEN_STATUSES else None)
        synced = dict(created_at=self.now, updated_at=self.now, revision=1)
        dispute = dict(dispute_values(clean), **number, **_closing_values(row.closing), **synced, id=dispute_id,
                       uid=_uid(),
                       station_id=self.station_id, status=row.status.value, import_key=row.key,
                       search_key=search_text.register_key(clean.registered_on, dispute_id) if self.sqlite else None)
        self.disputes.append(dispute)
        parties = [dict(party_values(party), **synced, uid=_uid(), dispute_id=dispute_id, position=position)
                   for position, party in enumerate(clean.parties)]
        self.parties.extend(parties)
        imported = _("Imported from the station's former register")
        closed = row.closing.closed_on or clean.registered_on
        history = [(None, Status.REGISTERED.value, None, clean.registered_on)]
        steps = [row.closing.status] if row.closing.status not in (None, row.status) else []
        if steps and not any(steps[0] in before and after == row.status for before, after in TRANSITIONS.values()):
            steps = []          # no one step from the closing to the status: straight there, as before
        before = Status.REGISTERED
        for after in (*steps, row.status) if row.status != Status.REGISTERED else ():
            history.append((before.value, after.value, imported, closed if after != Status.ACCEPTED else
                            clean.registered_on))
            before = after
        changes = [dict(synced, uid=_uid(), dispute_id=dispute_id, from_status=old, to_status=new,
                        on_date=on, at=self.now, by_mediator_id=self.by, reason=reason)
                   for old, new, reason, on in history]
        self.changes.extend(changes)
        # One entry per case (not one per row, as a flush writes): the chain stays short enough to check at
        # every start, and the entry still holds every value written.
        self.events.append(audit.Event("insert", "dispute", dispute["uid"], dispute_id, {
            "values": _shown(dispute), "parties": [_shown(p) for p in parties],
            "status_changes": [_shown(c) for c in changes], "imported_from": self.source}))
        if self.sqlite:
            self.search.append({"id": dispute["search_key"], "body": search_text.document(
                [dispute["case_no"], dispute["original_case_no"], clean.title, *(v for p in clean.parties for v in search_text.party_values(p)),
                 clean.facts, clean.claims])})

    def write(self, session: Session) -> None:
        for model, rows in ((Dispute, self.disputes), (Party, self.parties), (StatusChange, self.changes)):
            _bulk_insert(session, model.__table__, rows)
        if self.search:
            session.execute(search_index.insert_statement(), self.search)
        audit.append_many(session, self.events)


def _closing_values(closing: _Closing) -> dict[str, object]:
    """The dispute's columns for what the register says of its end (statistics count them in their period)."""
    values: dict[str, object] = dict(original_case_no=closing.original_no, closed_on=closing.closed_on,
                                     agreed_amount_fen=closing.agreed_fen, outcome=None, end_reason=None,
                                     decline_reason=None, referral_target=None)
    note = _("recorded in the former register")
    if closing.status == Status.SETTLED:
        values["outcome"] = closing.outcome.value if closing.outcome else Outcome.WRITTEN.value
    elif closing.status == Status.ENDED:
        values["end_reason"] = note
    elif closing.status == Status.DECLINED:
        values["decline_reason"] = note
    elif closing.status == Status.REFERRED:
        values["referral_target"] = note
    return values


def _shown(row: dict) -> dict:
    # As audit.record_flush records an insert: every column but the bookkeeping ones, where not empty.
    return {k: v for k, v in row.items() if k not in audit.BOOKKEEPING and k not in _SYNCED and v is not None}


_SYNCED = frozenset({"created_at", "updated_at", "revision", "dispute_id"})


def _bulk_insert(session: Session, table: Table, rows: list[dict]) -> None:
    """executemany on plain parameter tuples, each value converted as the column's type would (SQLAlchemy's
    per-row parameter processing took as long as SQLite's own work)."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    if dialect.paramstyle != "qmark":
        conn.execute(insert(table), rows)
        return
    columns = list(rows[0])
    # Dates and times repeat (one timestamp per chunk, few registration days): each is converted once.
    converters = [(i, lru_cache(maxsize=4096)(f)) for i, c in enumerate(columns)
                  if (f := table.c[c].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    values = itemgetter(*columns)
    params = []
    for row in rows:
        row_values = list(values(row))
        for i, convert in converters:
            if row_values[i] is not None:
                row_values[i] = convert(row_values[i])
        params.append(tuple(row_values))
    conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", params)


def _uid() -> str:
    return str(uuid.uuid4())
