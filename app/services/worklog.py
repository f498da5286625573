"""Each mediator's work log (工作日志): a dated list of what they did, gathered from a registry of sources.

A source is one small function (session, mediator id, first day, last day) -> log entries; `SOURCES` lists them
with the kind of work each reports. Adding a kind of work is one function and one line in `SOURCES`. Entries are read from the records themselves, so the log never disagrees with the cases.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import access, clock, codes
from app.errors import NotFound
from app.i18n import N_, _
from app.periods import Period
from app.services.places import grid_names, place_names
from db.models import (Dispute, FollowUp, Hearing, Investigation, IssuedDocument, MediationSession, Mediator,
                       PreventedDispute, Screening, ScreeningFinding, StatusChange)


@dataclass(frozen=True)
class LogEntry:
    on: date
    at: time | None          # the time of day, where the record has one
    kind: str                # the source's code: "session", "hearing", …
    case_no: str             # the case number, or its 事由 before it has one
    what: str                # 主持第2次调解（村委会调解室）
    dispute_id: int | None = None

    @property
    def kind_label(self) -> str:
        return _(KIND_LABELS[self.kind]) if self.kind in KIND_LABELS else self.kind


@dataclass(frozen=True)
class WorkLog:
    mediator_id: int
    mediator: str
    period: Period
    entries: tuple[LogEntry, ...]

    def counts(self) -> dict[str, int]:
        """Entries by kind, in the order of SOURCES (kinds with none left out)."""
        found: dict[str, int] = {}
        for e in self.entries:
            found[e.kind] = found.get(e.kind, 0) + 1
        return {kind: found[kind] for kind, _label, _fn in SOURCES if kind in found}


Source = Callable[[Session, int, date, date], Iterable[LogEntry]]


def _case(d: Dispute) -> str:
    return d.case_no or d.title


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())


def sessions_held(session: Session, mediator_id: int, first: date, last: date) -> Iterable[LogEntry]:
    """Sessions recorded: presided, kept the record, or sat as a co-mediator."""
    start, end = _bounds(first, last)
    rows = session.execute(select(MediationSession, Dispute).join(Dispute, Dispute.id == MediationSession.dispute_id)
                           .where(MediationSession.status == "recorded", MediationSession.deleted_at.is_(None),
                                  Dispute.deleted_at.is_(None), MediationSession.held_at >= start,
                                  MediationSession.held_at < end))
    for s, d in rows:
        if s.presiding_mediator_id == mediator_id:
            role = _("presided")
        elif s.record_keeper_id == mediator_id:
            role = _("kept the record of")
        elif mediator_id in (s.co_mediator_ids or ()):
            role = _("took part in")
        else:
            continue
        yield LogEntry(s.held_at.date(), s.held_at.time(), "session", _case(d), _(
            "{role} session {n} ({place})").format(role=role, n=s.seq, place=s.place or "-"), d.id)


def investigations(session: Session, mediator_id: int, first: date, last: date) -> Iterable[LogEntry]:
    start, end = _bounds(first, last)
    rows = session.execute(select(Investigation, Dispute).join(Dispute, Dispute.id == Investigation.dispute_id)
                           .where(Investigation.deleted_at.is_(None), Dispute.deleted_at.is_(None),
                                  Investigation.held_at >= start, Investigation.held_at < end,
                                  or_(Investigation.investigator_id == mediator_id,
                                      Investigation.record_keeper_id == mediator_id)))
    for i, d in rows:
        yield LogEntry(i.held_at.date(), i.held_at.time(), "investigation", _case(d), _(
            "investigated: questioned {person} ({place})").format(person=i.person_questioned, place=i.place or "-"),
            d.id)


def hearings_held(session: Session, mediator_id: int, first: date, last: date) -> Iterable[LogEntry]:
    rows = session.execute(select(Hearing, Dispute).join(Dispute, Dispute.id == Hearing.dispute_id)
                           .where(Hearing.status == "held", Hearing.deleted_at.is_(None), Dispute.deleted_at.is_(None),
                                  Hearing.held_on.between(first, last),
                                  or_(Hearing.presider_id == mediator_id, Hearing.clerk_id == mediator_id)))
    for h, d in rows:
        role = _("presided") if h.presider_id == mediator_id else _("clerked")
        yield LogEntry(h.held_on, h.planned_at.time() if h.planned_at else None, "hearing", _case(d),
                       _("{role} a public hearing ({place})").format(role=role, place=h.place or "-"), d.id)


def follow_up_visits(session: Session, mediator_id: int, first: date, last: date) -> Iterable[LogEntry]:
    rows = session.execute(select(FollowUp, Dispute).join(Dispute, Dispute.id == FollowUp.dispute_id)
                           .where(FollowUp.visitor_id == mediator_id, FollowUp.deleted_at.is_(None),
                                  Dispute.deleted_at.is_(None), FollowUp.visited_on.between(first, last)))
    for f, d in rows:
        yield LogEntry(f.visited_on, None, "follow_up", _case(d),
                       _("follow-up visit to {persons}").format(persons=f.persons_visited or "-"), d.id)


def documents_issued(session: Session, mediator_id: int, first: date, last: date) -> Iterable[LogEntry]:
    from app.documents.registry import title

    # Stored in UTC: a day's window in station time is 8 hours earlier in UTC; widened, then each checked.
    start, end = _bounds(first - timedelta(days=1), last + timedelta(days=1))
    rows = session.execute(select(IssuedDocument, Dispute).join(Dispute, Dispute.id == IssuedDocument.dispute_id)
                           .where(IssuedDocument.issued_by == mediator_id, IssuedDocument.deleted_at.is_(None),
                                  Dispute.deleted_at.is_(None), IssuedDocument.issued_at >= start,
                                  IssuedDocument.issued_at < end))
    for doc, d in rows:
        local = doc.issued_at.replace(tzinfo=UTC).astimezone(clock.STATION_TZ).replace(tzinfo=None)
        if first <= local.date() <= last:
            yield LogEntry(local.date(), local.time().replace(microsecond=0), "document", _case(d), _(
                "issued {title}, version {version} ({code})").format(title=title(doc.doc_type), version=doc.version,
                                                                      code=doc.code), d.id)


def case_steps(session: Session, mediator_id: int, first: date, last: date) -> Iterable[LogEntry]:
    """Cases registered, accepted, declined, referred, settled, failed, ended, performed, archived."""
    statuses = codes.load("statuses")
    rows = session.execute(select(StatusChange, Dispute).join(Dispute, Dispute.id == StatusChange.dispute_id)
                           .where(StatusChange.by_mediator_id == mediator_id, StatusChange.deleted_at.is_(None),
                                  Dispute.deleted_at.is_(None), StatusChange.on_date.between(first, last)))
    for c, d in rows:
        yield LogEntry(c.on_date, None, "case", _case(d), _("{step}: {title}").format(
            step=statuses.label(c.to_status), title=d.title), d.id)


def screenings(session: Session, mediator_id: int, first: date, last: date) -> Iterable[LogEntry]:
    """Screening visits (排查) the mediator went on: one of the visit's participants (who went)."""
    visits = [v for v in session.scalars(select(Screening).where(Screening.deleted_at.is_(None),
                                                                Screening.visited_on.between(first, last)))
              if mediator_id in (v.mediator_ids or ())]
    if not visits:
        return
    found: dict[int, int] = {}
    for screening_id in session.scalars(select(ScreeningFinding.screening_id).where(
            ScreeningFinding.screening_id.in_([v.id for v in visits]), ScreeningFinding.deleted_at.is_(None))):
        found[screening_id] = found.get(screening_id, 0) + 1
    places, grids = place_names(session), grid_names(session)
    for v in visits:
        where = places.get(v.place_id, "") + (f"（{grids[v.grid_id]}）" if v.grid_id in grids else "")
        yield LogEntry(v.visited_on, None, "screening", "", _(
            "screening visit to {place}: {n} disputes found").format(place=where or "-", n=found.get(v.id, 0)))


def disputes_prevented(session: Session, mediator_id: int, first: date, last: date) -> Iterable[LogEntry]:
    """Disputes prevented (预防) with the mediator among those who prevented them."""
    found = [p for p in session.scalars(select(PreventedDispute).where(PreventedDispute.deleted_at.is_(None),
                                                                       PreventedDispute.on_date.between(first, last)))
             if mediator_id in (p.mediator_ids or ())]
    places, types = (place_names(session) if found else {}), codes.dispute_types()
    for p in found:
        how = p.how.strip().splitlines()[0][:60] if p.how.strip() else ""
        yield LogEntry(p.on_date, None, "prevention", "", _("prevented a {type} dispute ({place}): {how}").format(
            type=types.label(p.type_code), place=places.get(p.place_id, "-"), how=how))


# The registry: (kind, what the log calls it, the source). A new kind of work is one function and one line.
SOURCES: tuple[tuple[str, str, Source], ...] = (
    ("case", N_("Case"), case_steps),
    ("session", N_("Mediation session"), sessions_held),
    ("investigation", N_("Investigation"), investigations),
    ("hearing", N_("Hearing"), hearings_held),
    ("follow_up", N_("Follow-up visit"), follow_up_visits),
    ("screening", N_("Screening visit"), screenings),
    ("prevention", N_("Dispute prevented"), disputes_prevented),
    ("document", N_("Document issued"), documents_issued),
)
KIND_LABELS = {kind: label for kind, label, _fn in SOURCES}
ORDER = {kind: i for i, (kind, _label, _fn) in enumerate(SOURCES)}


def work_log(session: Session, *, mediator_id: int, period: Period) -> WorkLog:
    """The mediator's log over the period, by day and time. A mediator reads their own; the head anyone's."""
    mediator = session.get(Mediator, mediator_id)
    if mediator is None:
        raise NotFound(_("No mediator with id {id}.").format(id=mediator_id))
    actor = access.actor_of(session)
    if actor.role == "mediator" and actor.mediator_id != mediator_id:
        access.require(actor, "worklog")
    entries = [e for _kind, _label, source in SOURCES
               for e in source(session, mediator_id, period.start, period.end)]
    entries.sort(key=lambda e: (e.on, e.at or time(), ORDER.get(e.kind, len(ORDER)), e.case_no))
    return WorkLog(mediator_id, mediator.name, period, tuple(entries))


def find_mediator(session: Session, *, name: str) -> int:
    """A mediator's id by name (the CLI's --mediator)."""
    found = session.scalars(select(Mediator.id).where(Mediator.name == name.strip())).all()
    if not found:
        names = "、".join(session.scalars(select(Mediator.name).order_by(Mediator.id)))
        raise NotFound(_("No mediator named {name}; the station's mediators are: {names}.").format(
            name=name, names=names or "-"))
    return found[0]


HEADERS = (N_("Date"), N_("Time"), N_("Kind of work"), N_("Case"), N_("What was done"))


def table_rows(log: WorkLog) -> list[tuple[str, ...]]:
    """The log as the window and the spreadsheet show it (dates as ISO text, times HH:MM)."""
    return [(e.on.isoformat(), e.at.strftime("%H:%M") if e.at else "", e.kind_label, e.case_no, e.what)
            for e in log.entries]


def to_xlsx(log: WorkLog) -> bytes:
    """The log as an .xlsx workbook (every cell formula-safe, app/cells.py)."""
    import io

    from openpyxl import Workbook

    from app import cells

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Work log")[:31])
    sheet.append(cells.row([_("Work log of {name}, {start} to {end}").format(
        name=log.mediator, start=log.period.start.isoformat(), end=log.period.end.isoformat())]))
    sheet.append(cells.row([_(h) for h in HEADERS]))
    for row in table_rows(log):
        sheet.append(cells.row(list(row)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
