"""The committee itself (name, kind, founding date, address, head) and its mediators' profiles, and the counts
the Ministry's statistics (人民调解工作统计, 组织队伍) take from them, on a station's database or the county's."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import access, clock, codes, validation
from app.drafts import Collector
from app.errors import NotFound, StationNotSet, ValidationFailed
from app.i18n import N_, _
from app.services.sql import Db, rows
from db.models import Mediator, Station

LABELS = {"name": N_("Committee name"), "kind": N_("Kind of committee"), "field": N_("Field of the committee"),
          "founded_on": N_("Founded on"), "address": N_("Address"), "head": N_("Head (主任)"),
          "role": N_("Role"), "phone": N_("Phone"), "employment": N_("Full-time or part-time"),
          "gender": N_("Gender"), "ethnicity": N_("Ethnicity"), "education": N_("Education"),
          "certificate_no": N_("Certificate number"), "training_hours": N_("Training hours")}
GENDERS = ("male", "female")
COLLEGE_OR_ABOVE = frozenset({"postgraduate", "bachelor", "college"})      # 大专以上
MAX_TRAINING_HOURS = 100_000


@dataclass(frozen=True)
class CommitteeView:
    name: str
    kind: str                   # code table committee_kinds ("" until entered)
    field: str
    founded_on: date | None
    address: str
    head_ids: tuple[int, ...]   # mediators whose role is 主任
    head_names: tuple[str, ...]


@dataclass(frozen=True)
class MediatorProfile:
    id: int
    uid: str
    name: str
    role: str
    phone: str | None
    active: bool
    employment: str
    gender: str
    ethnicity: str
    education: str
    certificate_no: str
    training_hours: int

    @classmethod
    def from_row(cls, row: Mediator) -> MediatorProfile:
        return cls(row.id, row.uid, row.name, row.role, row.phone, row.active, row.employment, row.gender,
                   row.ethnicity, row.education, row.certificate_no, row.training_hours)


def _station(session: Session) -> Station:
    row = session.scalars(select(Station).order_by(Station.id).limit(1)).first()
    if row is None:
        raise StationNotSet(_("The station is not set up yet; run `mediation-station init` or start the app "
                              "and fill in the station form."))
    return row


def get_committee(session: Session) -> CommitteeView:
    row = _station(session)
    heads = session.execute(select(Mediator.id, Mediator.name).where(
        Mediator.station_id == row.id, Mediator.role == "head", Mediator.active, Mediator.deleted_at.is_(None))
        .order_by(Mediator.id)).all()
    return CommitteeView(row.name, row.committee_kind, row.committee_field, row.founded_on, row.address,
                         tuple(h[0] for h in heads), tuple(h[1] for h in heads))


def update_committee(session: Session, *, name: str, kind: str, field: str = "", founded_on: date | None,
                     address: str, head_id: int | None) -> CommitteeView:
    """The head (主任) edits the committee; naming another head makes the former one a mediator."""
    access.require(access.actor_of(session), "settings")
    row = _station(session)
    c = Collector(labels=LABELS)
    name = c.run("name", validation.proper_name, name, max_length=100)
    if kind not in codes.load("committee_kinds"):
        c.fail("kind", _("Choose the kind of committee: 村, 社区, 乡镇, 街道, 企事业单位 or 行业性专业性."))
    field = c.run("field", validation.optional_text, field, max_length=100) or ""
    if kind == "professional" and not field:
        c.fail("field", _("Say the field of a trade or specialised committee (e.g. 医疗纠纷, 道路交通)."))
    if founded_on is not None and founded_on > clock.today():
        c.fail("founded_on", _("The date is in the future."))
    address = c.run("address", validation.optional_text, address, max_length=200) or ""
    head = session.get(Mediator, head_id) if head_id is not None else None
    if head_id is not None and (head is None or head.deleted_at is not None or not head.active):
        c.fail("head", _("Choose the head among the station's active mediators."))
    if c.errors:
        raise ValidationFailed(c.errors)
    row.name, row.committee_kind, row.committee_field = name, kind, field if kind == "professional" else ""
    row.founded_on, row.address = founded_on, address
    if head is not None:
        for other in session.scalars(select(Mediator).where(Mediator.role == "head", Mediator.id != head.id)):
            other.role = "mediator"
        head.role = "head"
    session.flush()
    return get_committee(session)


def list_profiles(session: Session, *, active_only: bool = False) -> list[MediatorProfile]:
    query = select(Mediator).where(Mediator.deleted_at.is_(None)).order_by(Mediator.id)
    if active_only:
        query = query.where(Mediator.active)
    return [MediatorProfile.from_row(r) for r in session.scalars(query)]


def update_profile(session: Session, *, mediator_id: int, name: str, role: str, phone: str = "",
                   employment: str = "", gender: str = "", ethnicity: str = "", education: str = "",
                   certificate_no: str = "", training_hours: int | str = 0, active: bool = True) -> MediatorProfile:
    """What the roster (调解员名册) holds for one mediator; "" where it is not known yet."""
    row = session.get(Mediator, mediator_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No mediator with id {id}.").format(id=mediator_id))
    c = Collector(labels=LABELS)
    name = c.run("name", validation.person_name, name, max_length=50)
    if role not in codes.mediator_roles():
        c.fail("role", _("Choose 调解员, 主任 or 记录员."))
    phone = c.run("phone", lambda v: validation.phone(v) if v.strip() else None, phone)
    for key, value, table, message in (
            ("employment", employment, "employment_kinds", _("Choose 专职 or 兼职.")),
            ("ethnicity", ethnicity, "ethnic_groups", _("Choose the ethnic group from the list.")),
            ("education", education, "education_levels", _("Choose the education from the list."))):
        if value and value not in codes.load(table):
            c.fail(key, message)
    if gender and gender not in GENDERS:
        c.fail("gender", _("Choose 男 or 女."))
    certificate_no = c.run("certificate_no", validation.optional_text, certificate_no, max_length=40) or ""
    hours = _hours(c, training_hours)
    if c.errors:
        raise ValidationFailed(c.errors)
    row.name, row.role, row.phone, row.active = name, role, phone, active
    row.employment, row.gender, row.ethnicity, row.education = employment, gender, ethnicity, education
    row.certificate_no, row.training_hours = certificate_no, hours
    session.flush()
    return MediatorProfile.from_row(row)


def _hours(c: Collector, value: int | str) -> int:
    text = str(value).strip() or "0"
    if not text.isdigit() or int(text) > MAX_TRAINING_HOURS:
        c.fail("training_hours", _("Write the training hours as a whole number from 0 to {n}.").format(
            n=MAX_TRAINING_HOURS))
        return 0
    return int(text)


# --- the counts of 组织队伍 ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class OrganisationCounts:
    """Committees and mediators as the Ministry's report counts them (active, not deleted), over one station's
    database or all the stations a county holds."""
    committees: int
    committees_by_kind: dict[str, int]          # committee_kinds code ("" not entered) -> committees
    mediators: int
    full_time: int
    part_time: int
    women: int
    college_or_above: int                       # 大专以上
    heads: int                                  # 调委会主任
    minority: int                               # 少数民族
    certified: int                              # with a certificate number
    training_hours: int
    by_education: dict[str, int] = field(default_factory=dict)
    informants: int = 0                         # 信息员 and 网格员 on the roster
    roster_by_category: dict[str, int] = field(default_factory=dict)


def organisation_counts(db: Db, *, station_codes: tuple[str, ...] | None = None) -> OrganisationCounts:
    """Plain SQL, so that the station and the county (any database) count alike."""
    where, params = "s.deleted_at IS NULL", {}
    if station_codes is not None:
        names = [f":c{i}" for i in range(len(station_codes))] or ["NULL"]
        where += f" AND s.code IN ({', '.join(names)})"
        params = {f"c{i}": code for i, code in enumerate(station_codes)}
    kinds: dict[str, int] = {}
    for kind, n in rows(db, f"SELECT s.committee_kind, COUNT(*) FROM station s WHERE {where} GROUP BY s.committee_kind",
                        params):
        kinds[str(kind or "")] = int(n)
    people = rows(db, "SELECT m.employment, m.gender, m.ethnicity, m.education, m.role, m.certificate_no, "
                      f"m.training_hours FROM mediator m JOIN station s ON s.id = m.station_id WHERE {where} AND "
                      "m.active AND m.deleted_at IS NULL", params)
    education: dict[str, int] = {}
    for p in people:
        education[p[3] or ""] = education.get(p[3] or "", 0) + 1
    roster: dict[str, int] = {}
    for category, n in rows(db, "SELECT r.category, COUNT(*) FROM roster_member r JOIN station s ON s.id = "
                                f"r.station_id WHERE {where} AND r.active AND r.deleted_at IS NULL GROUP BY r.category",
                            params):
        roster[str(category)] = int(n)
    return OrganisationCounts(
        committees=sum(kinds.values()), committees_by_kind=kinds, mediators=len(people),
        full_time=sum(p[0] == "full_time" for p in people), part_time=sum(p[0] == "part_time" for p in people),
        women=sum(p[1] == "female" for p in people), college_or_above=sum(p[3] in COLLEGE_OR_ABOVE for p in people),
        heads=sum(p[4] == "head" for p in people), minority=sum(bool(p[2]) and p[2] != "01" for p in people),
        certified=sum(bool((p[5] or "").strip()) for p in people), training_hours=sum(int(p[6] or 0) for p in people),
        by_education=education, informants=roster.get("informant", 0) + roster.get("grid_worker", 0),
        roster_by_category=roster)

