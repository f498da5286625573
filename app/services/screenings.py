"""矛盾纠纷排查: screening visits and what they found, and the reports of 信息员/网格员; each finding or report
can become a case (the registration form opens prefilled, and the case is linked back to it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, codes, validation
from app.drafts import Collector, DisputeDraft
from app.errors import NotFound, ValidationFailed
from app.i18n import N_, _
from app.services import places
from app.services.stations import get_station
from db.models import Dispute, InfoReport, Mediator, Screening, ScreeningFinding

LABELS = {"visited_on": N_("Date of the visit"), "place_id": N_("Village or community (村/社区)"),
          "grid_id": N_("Grid (网格)"), "mediator_ids": N_("Who went"), "others": N_("Others who went"),
          "notes": N_("Notes"), "findings": N_("Findings"), "summary": N_("What was found"),
          "type_code": N_("Dispute type"), "people_involved": N_("People involved"), "risk_level": N_("Risk level"),
          "handling": N_("Handling"), "reporter": N_("Reported by"), "reporter_role": N_("Reporter's role"),
          "reported_on": N_("Reported on"), "location": N_("Where"), "content": N_("What was reported"),
          "dispute_id": N_("Case")}
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class FindingDraft:
    summary: str
    type_code: str
    people_involved: int | str = ""
    risk_level: str = "none"
    handling: str = "watch"


@dataclass(frozen=True)
class FindingView:
    id: int
    uid: str
    screening_id: int
    type_code: str
    summary: str
    people_involved: int
    risk_level: str
    handling: str
    dispute_id: int | None
    case_no: str | None


@dataclass(frozen=True)
class ScreeningView:
    id: int
    uid: str
    visited_on: date
    place_id: int
    place: str
    grid_id: int | None
    grid: str
    mediator_ids: tuple[int, ...]
    mediators: tuple[str, ...]
    others: str
    notes: str
    findings: tuple[FindingView, ...]

    def to_json(self) -> dict:
        return {"id": self.id, "visited_on": self.visited_on.isoformat(), "place": self.place, "grid": self.grid,
                "mediators": list(self.mediators), "others": self.others, "notes": self.notes,
                "findings": [{"id": f.id, "type": f.type_code, "summary": f.summary, "people": f.people_involved,
                              "risk": f.risk_level, "handling": f.handling, "case_no": f.case_no}
                             for f in self.findings]}


@dataclass(frozen=True)
class InfoReportView:
    id: int
    uid: str
    reporter: str
    reporter_role: str
    reported_on: date
    place_id: int | None
    place: str
    grid_id: int | None
    grid: str
    location: str
    content: str
    dispute_id: int | None
    case_no: str | None

    def to_json(self) -> dict:
        return {"id": self.id, "reporter": self.reporter, "role": self.reporter_role,
                "reported_on": self.reported_on.isoformat(), "place": self.place, "grid": self.grid,
                "location": self.location, "content": self.content, "case_no": self.case_no}


def _date(c: Collector, key: str, value: date | str, today: date) -> date | None:
    return c.run(key, validation.parse_date, value, not_after=today, not_before=EARLIEST)


def _mediators(session: Session, c: Collector, ids) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    known = set(session.scalars(select(Mediator.id).where(Mediator.id.in_(ids)))) if ids else set()
    if set(ids) - known:
        c.fail("mediator_ids", _("Choose who went from the station's mediators."))
    return ids


def _finding(c: Collector, n: int, draft: FindingDraft) -> dict | None:
    sub = Collector(f"findings.{n}.", _("Finding {n}, ").format(n=n + 1), labels=LABELS)
    summary = sub.run("summary", validation.required_text, draft.summary, max_length=2000)
    if draft.type_code not in codes.dispute_types():
        sub.fail("type_code", _("Choose a dispute type from the list."))
    people = sub.run("people_involved", lambda v: 0 if v in (None, "") else validation.count(v), draft.people_involved)
    if draft.risk_level not in codes.risk_levels():
        sub.fail("risk_level", _("Choose 无, 黄, 橙 or 红."))
    if draft.handling not in codes.load("finding_handling") or draft.handling == "case":
        sub.fail("handling", _("Choose how the finding is handled; a case is registered from it afterwards."))
    c.errors.extend(sub.errors)
    if sub.errors:
        return None
    return dict(summary=summary, type_code=draft.type_code, people_involved=people or 0,
                risk_level=draft.risk_level, handling=draft.handling)


def add_screening(session: Session, *, visited_on: date | str, place_id: int | None, grid_id: int | None = None,
                  mediator_ids=(), others: str = "", notes: str = "", findings: list[FindingDraft] = (),
                  today: date | None = None) -> ScreeningView:
    """Record a screening visit with its findings (none is a finding too: a visit that found nothing)."""
    today = today or clock.today()
    c = Collector(labels=LABELS)
    day = _date(c, "visited_on", visited_on, today)
    try:
        places.check_place(session, place_id=place_id, grid_id=grid_id, required=True)
    except ValidationFailed as exc:
        c.errors.extend(exc.errors)
    ids = _mediators(session, c, mediator_ids)
    if not ids and not (others or "").strip():
        c.fail("mediator_ids", _("Say who went: choose the mediators, or name the others who went."))
    others = c.run("others", validation.optional_text, others, max_length=200) or ""
    notes = c.run("notes", validation.optional_text, notes, max_length=20000) or ""
    cleaned = [_finding(c, n, f) for n, f in enumerate(findings)]
    if c.errors:
        raise ValidationFailed(c.errors)
    row = Screening(station_id=get_station(session).id, visited_on=day, place_id=place_id, grid_id=grid_id,
                    mediator_ids=ids, others=others, notes=notes)
    session.add(row)
    session.flush()
    for position, values in enumerate(cleaned):
        session.add(ScreeningFinding(screening_id=row.id, position=position, **values))
    session.flush()
    return get_screening(session, screening_id=row.id)


def add_finding(session: Session, *, screening_id: int, finding: FindingDraft) -> FindingView:
    """A finding added to a visit already recorded."""
    screening = _screening(session, screening_id)
    c = Collector(labels=LABELS)
    values = _finding(c, 0, finding)
    if c.errors:
        raise ValidationFailed(c.errors)
    count = len(_findings(session, [screening.id]).get(screening.id, ()))
    row = ScreeningFinding(screening_id=screening.id, position=count, **values)
    session.add(row)
    session.flush()
    return next(f for f in _findings(session, [screening.id])[screening.id] if f.id == row.id)


def _screening(session: Session, screening_id: int) -> Screening:
    row = session.get(Screening, screening_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No screening visit with id {id}.").format(id=screening_id))
    return row


def _case_numbers(session: Session, ids) -> dict[int, str | None]:
    ids = [i for i in ids if i is not None]
    return dict(session.execute(select(Dispute.id, Dispute.case_no).where(Dispute.id.in_(ids))).all()) if ids else {}


def _findings(session: Session, screening_ids: list[int]) -> dict[int, list[FindingView]]:
    rows = session.scalars(select(ScreeningFinding).where(ScreeningFinding.screening_id.in_(screening_ids),
                                                         ScreeningFinding.deleted_at.is_(None))
                           .order_by(ScreeningFinding.position, ScreeningFinding.id)).all()
    numbers = _case_numbers(session, {r.dispute_id for r in rows})
    out: dict[int, list[FindingView]] = {}
    for r in rows:
        out.setdefault(r.screening_id, []).append(FindingView(
            r.id, r.uid, r.screening_id, r.type_code, r.summary, r.people_involved, r.risk_level, r.handling,
            r.dispute_id, numbers.get(r.dispute_id) if r.dispute_id else None))
    return out


def list_screenings(session: Session, *, place_id: int | None = None, date_from: date | None = None,
                    date_to: date | None = None, limit: int = 1000) -> list[ScreeningView]:
    """Screening visits, newest first."""
    rows = places.placed_rows(session, Screening, Screening.visited_on, place_id=place_id, date_from=date_from,
                              date_to=date_to, limit=limit)
    findings = _findings(session, [r.id for r in rows])
    place_names, grid_names = places.place_names(session), places.grid_names(session)
    mediator_names = dict(session.execute(select(Mediator.id, Mediator.name)).all())
    return [ScreeningView(r.id, r.uid, r.visited_on, r.place_id, place_names.get(r.place_id, ""), r.grid_id,
                          grid_names.get(r.grid_id, "") if r.grid_id else "", tuple(r.mediator_ids or ()),
                          tuple(mediator_names.get(i, "?") for i in r.mediator_ids or ()), r.others, r.notes,
                          tuple(findings.get(r.id, ()))) for r in rows]


def get_screening(session: Session, *, screening_id: int) -> ScreeningView:
    row = _screening(session, screening_id)
    return next(v for v in list_screenings(session, place_id=row.place_id, date_from=row.visited_on,
                                           date_to=row.visited_on) if v.id == row.id)


def _finding_row(session: Session, finding_id: int) -> ScreeningFinding:
    row = session.get(ScreeningFinding, finding_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No finding with id {id}.").format(id=finding_id))
    return row


def finding_draft(session: Session, *, finding_id: int) -> DisputeDraft:
    """The registration form's contents for a case made from a finding: type, facts, place, people, risk; the
    committee took it up on its own initiative (主动调解)."""
    f = _finding_row(session, finding_id)
    s = session.get(Screening, f.screening_id)
    return DisputeDraft(title=_first_line(f.summary), type_code=f.type_code, source_code="initiative",
                        registered_on=clock.today(), facts=f.summary,
                        people_involved=f.people_involved or "", risk_level=f.risk_level,
                        place_id=s.place_id, grid_id=s.grid_id)


def report_draft(session: Session, *, report_id: int) -> DisputeDraft:
    """The registration form's contents for a case made from a 信息员/网格员 report."""
    r = _report_row(session, report_id)
    facts = r.content + (f"（{r.location}）" if r.location else "")
    return DisputeDraft(title=_first_line(r.content), source_code="initiative", registered_on=clock.today(),
                        facts=facts, place_id=r.place_id, grid_id=r.grid_id)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:40]


def _live_case(session: Session, dispute_id: int) -> Dispute:
    row = session.get(Dispute, dispute_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No case with id {id}; it may have been deleted.").format(id=dispute_id))
    return row


def link_finding(session: Session, *, finding_id: int, dispute_id: int) -> FindingView:
    """The case registered from a finding: the finding points to it and is marked as registered."""
    f = _finding_row(session, finding_id)
    _live_case(session, dispute_id)
    f.dispute_id, f.handling = dispute_id, "case"
    session.flush()
    return next(v for v in _findings(session, [f.screening_id])[f.screening_id] if v.id == f.id)


def add_info_report(session: Session, *, reporter: str, reporter_role: str, reported_on: date | str,
                    content: str, place_id: int | None = None, grid_id: int | None = None, location: str = "",
                    today: date | None = None) -> InfoReportView:
    """A dispute reported by an information officer or grid worker: who, when, what, where."""
    today = today or clock.today()
    c = Collector(labels=LABELS)
    reporter = c.run("reporter", validation.required_text, reporter, max_length=50)
    if reporter_role not in codes.load("reporter_roles"):
        c.fail("reporter_role", _("Choose 信息员 or 网格员."))
    day = _date(c, "reported_on", reported_on, today)
    content = c.run("content", validation.required_text, content, max_length=20000)
    location = c.run("location", validation.optional_text, location, max_length=200) or ""
    try:
        places.check_place(session, place_id=place_id, grid_id=grid_id)
    except ValidationFailed as exc:
        c.errors.extend(exc.errors)
    if c.errors:
        raise ValidationFailed(c.errors)
    row = InfoReport(station_id=get_station(session).id, reporter=reporter, reporter_role=reporter_role,
                     reported_on=day, place_id=place_id, grid_id=grid_id, location=location, content=content)
    session.add(row)
    session.flush()
    return _report_views(session, [row])[0]


def _report_row(session: Session, report_id: int) -> InfoReport:
    row = session.get(InfoReport, report_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No report with id {id}.").format(id=report_id))
    return row


def _report_views(session: Session, rows) -> list[InfoReportView]:
    place_names, grid_names = places.place_names(session), places.grid_names(session)
    numbers = _case_numbers(session, {r.dispute_id for r in rows})
    return [InfoReportView(r.id, r.uid, r.reporter, r.reporter_role, r.reported_on, r.place_id,
                           place_names.get(r.place_id, "") if r.place_id else "", r.grid_id,
                           grid_names.get(r.grid_id, "") if r.grid_id else "", r.location, r.content, r.dispute_id,
                           numbers.get(r.dispute_id) if r.dispute_id else None) for r in rows]


def list_info_reports(session: Session, *, place_id: int | None = None, limit: int = 1000) -> list[InfoReportView]:
    query = select(InfoReport).where(InfoReport.deleted_at.is_(None))
    if place_id is not None:
        query = query.where(InfoReport.place_id == place_id)
    rows = session.scalars(query.order_by(InfoReport.reported_on.desc(), InfoReport.id.desc()).limit(limit)).all()
    return _report_views(session, rows)


def link_report(session: Session, *, report_id: int, dispute_id: int) -> InfoReportView:
    """The case registered from a report."""
    r = _report_row(session, report_id)
    _live_case(session, dispute_id)
    r.dispute_id = dispute_id
    session.flush()
    return _report_views(session, [r])[0]


def origins(session: Session, *, dispute_id: int) -> list[str]:
    """Where a case came from, in words for the case window: the screening finding or report it was made from."""
    found = []
    for f, s in session.execute(select(ScreeningFinding, Screening).join(Screening, Screening.id ==
                                                                         ScreeningFinding.screening_id)
                                .where(ScreeningFinding.dispute_id == dispute_id,
                                       ScreeningFinding.deleted_at.is_(None))):
        found.append(_("Found on the screening visit of {date} in {place}").format(
            date=s.visited_on.isoformat(), place=places.place_names(session).get(s.place_id, "")))
    for r in session.scalars(select(InfoReport).where(InfoReport.dispute_id == dispute_id,
                                                      InfoReport.deleted_at.is_(None))):
        found.append(_("Reported by {role} {name} on {date}").format(
            role=codes.load("reporter_roles").label(r.reporter_role), name=r.reporter,
            date=r.reported_on.isoformat()))
    return found
