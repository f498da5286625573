"""The roster (名册) of outside members who work with the committee, and its standing teams (诉前调解组,
联合调解组) made of the station's mediators and roster members. The head's (主任) work: the tables are the
station's set-up (app/access.py HEAD_ONLY_TABLES)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import access, clock, codes, validation
from app.drafts import Collector
from app.errors import NotFound, ValidationFailed
from app.i18n import N_, _
from app.services.sql import Db, rows
from app.services.stations import get_station
from db.models import Mediator, RosterMember, Team, TeamMember

LABELS = {"name": N_("Name"), "category": N_("Category"), "title": N_("Title"), "unit": N_("Unit"),
          "phone": N_("Phone"), "kind": N_("Kind"), "partner": N_("Works with"), "formed_on": N_("Formed on"),
          "members": N_("Members")}
MEDIATOR, ROSTER = "mediator", "roster"


@dataclass(frozen=True)
class RosterMemberView:
    id: int
    uid: str
    name: str
    category: str
    title: str
    unit: str
    phone: str | None
    active: bool

    @classmethod
    def from_row(cls, row: RosterMember) -> RosterMemberView:
        return cls(row.id, row.uid, row.name, row.category, row.title, row.unit, row.phone, row.active)

    @property
    def role_text(self) -> str:
        """How a record names the member's part: the title as written, else the category."""
        return self.title or codes.load("roster_categories").label(self.category)


@dataclass(frozen=True)
class TeamMemberView:
    kind: str              # mediator / roster
    member_id: int
    name: str
    role_text: str         # 调解员, 民警/辅警, …
    duty: str


@dataclass(frozen=True)
class TeamView:
    id: int
    uid: str
    name: str
    kind: str
    partner: str
    formed_on: date | None
    note: str
    active: bool
    members: tuple[TeamMemberView, ...]


def _check_member(c: Collector, *, name: str, category: str, title: str, unit: str, phone: str) -> tuple:
    name = c.run("name", validation.person_name, name, max_length=50)
    if category not in codes.load("roster_categories"):
        c.fail("category", _("Choose the category: 民警, 网格员, 信息员, 律师 …"))
    title = c.run("title", validation.optional_text, title, max_length=50) or ""
    unit = c.run("unit", validation.optional_text, unit, max_length=200) or ""
    phone = c.run("phone", lambda v: validation.phone(v) if v.strip() else None, phone)
    return name, title, unit, phone


def add_roster_member(session: Session, *, name: str, category: str, title: str = "", unit: str = "",
                      phone: str = "") -> RosterMemberView:
    c = Collector(labels=LABELS)
    name, title, unit, phone = _check_member(c, name=name, category=category, title=title, unit=unit, phone=phone)
    if c.errors:
        raise ValidationFailed(c.errors)
    row = RosterMember(station_id=get_station(session).id, name=name, category=category, title=title, unit=unit,
                       phone=phone)
    session.add(row)
    session.flush()
    return RosterMemberView.from_row(row)


def update_roster_member(session: Session, *, member_id: int, name: str, category: str, title: str = "",
                         unit: str = "", phone: str = "", active: bool = True) -> RosterMemberView:
    row = _member(session, member_id)
    c = Collector(labels=LABELS)
    name, title, unit, phone = _check_member(c, name=name, category=category, title=title, unit=unit, phone=phone)
    if c.errors:
        raise ValidationFailed(c.errors)
    row.name, row.category, row.title, row.unit, row.phone, row.active = name, category, title, unit, phone, active
    session.flush()
    return RosterMemberView.from_row(row)


def _member(session: Session, member_id: int) -> RosterMember:
    row = session.get(RosterMember, member_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No roster member with id {id}.").format(id=member_id))
    return row


def list_roster(session: Session, *, active_only: bool = False) -> list[RosterMemberView]:
    query = select(RosterMember).where(RosterMember.deleted_at.is_(None)).order_by(RosterMember.category,
                                                                                  RosterMember.id)
    if active_only:
        query = query.where(RosterMember.active)
    return [RosterMemberView.from_row(r) for r in session.scalars(query)]


# --- teams ------------------------------------------------------------------------------------------------

def save_team(session: Session, *, name: str, kind: str, partner: str = "", formed_on: date | None = None,
              note: str = "", members: tuple[tuple[str, int, str], ...] = (), team_id: int | None = None,
              active: bool = True) -> TeamView:
    """Add a team or change one; members are (mediator|roster, id, duty), replacing those it had."""
    access.require(access.actor_of(session), "settings")
    c = Collector(labels=LABELS)
    name = c.run("name", validation.proper_name, name, max_length=100)
    if kind not in codes.load("team_kinds"):
        c.fail("kind", _("Choose 诉前调解组 or 联合调解组."))
    partner = c.run("partner", validation.optional_text, partner, max_length=200) or ""
    if formed_on is not None and formed_on > clock.today():
        c.fail("formed_on", _("The date is in the future."))
    if kind == "presuit" and not partner:
        c.fail("partner", _("Name the court the 诉前调解组 works with (e.g. 某某县人民法院)."))
    if not members:
        c.fail("members", _("A team needs at least one member; tick them in the list."))
    for kind_of, member_id, duty in members:
        model = Mediator if kind_of == MEDIATOR else RosterMember if kind_of == ROSTER else None
        found = session.get(model, member_id) if model else None
        if found is None or found.deleted_at is not None:
            c.fail("members", _("A member chosen is no longer on the roster; choose again."))
        if len(duty) > 20:
            c.fail("members", _("At most {n} characters; shorten the text.").format(n=20))
    if len({(k, i) for k, i, _d in members}) != len(members):
        c.fail("members", _("A member is listed twice."))
    if c.errors:
        raise ValidationFailed(c.errors)
    if team_id is None:
        team = Team(station_id=get_station(session).id)
        session.add(team)
    else:
        team = _team(session, team_id)
    team.name, team.kind, team.partner, team.formed_on, team.note, team.active = (
        name, kind, partner, formed_on, note.strip(), active)
    session.flush()
    existing = {(MEDIATOR if m.mediator_id else ROSTER, m.mediator_id or m.roster_member_id): m
                for m in session.scalars(select(TeamMember).where(TeamMember.team_id == team.id,
                                                                  TeamMember.deleted_at.is_(None)))}
    wanted = {(k, i): d.strip() for k, i, d in members}
    for key, row in existing.items():
        if key not in wanted:
            row.deleted_at = clock.utcnow()       # soft: the county learns the member left
        elif row.duty != wanted[key]:
            row.duty = wanted[key]
    for (kind_of, member_id), duty in wanted.items():
        if (kind_of, member_id) not in existing:
            session.add(TeamMember(team_id=team.id, duty=duty, mediator_id=member_id if kind_of == MEDIATOR else None,
                                   roster_member_id=member_id if kind_of == ROSTER else None))
    session.flush()
    return get_team(session, team_id=team.id)


def _team(session: Session, team_id: int) -> Team:
    row = session.get(Team, team_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(_("No team with id {id}.").format(id=team_id))
    return row


def get_team(session: Session, *, team_id: int) -> TeamView:
    team = _team(session, team_id)
    roles = codes.mediator_roles()
    members = []
    for m in session.scalars(select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.deleted_at.is_(None))
                             .order_by(TeamMember.id)):
        if m.mediator_id:
            who = session.get(Mediator, m.mediator_id)
            members.append(TeamMemberView(MEDIATOR, who.id, who.name, roles.label(who.role), m.duty))
        else:
            who = RosterMemberView.from_row(session.get(RosterMember, m.roster_member_id))
            members.append(TeamMemberView(ROSTER, who.id, who.name, who.role_text, m.duty))
    return TeamView(team.id, team.uid, team.name, team.kind, team.partner, team.formed_on, team.note, team.active,
                    tuple(members))


def list_teams(session: Session, *, active_only: bool = False) -> list[TeamView]:
    query = select(Team.id).where(Team.deleted_at.is_(None)).order_by(Team.id)
    if active_only:
        query = query.where(Team.active)
    return [get_team(session, team_id=i) for i in session.scalars(query)]


def roster_members(db: Db, *, active_only: bool = True) -> list[RosterMemberView]:
    """The roster with plain SQL, for the quick read a dialog makes when it opens."""
    condition = " AND active" if active_only else ""
    return [RosterMemberView(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows(
        db, "SELECT id, uid, name, category, title, unit, phone, active FROM roster_member WHERE deleted_at IS NULL"
            f"{condition} ORDER BY category, id")]
