"""`mediation-station committee`: the committee, its mediators and roster, and the counts of 组织队伍 that the
Ministry's statistics report takes from them."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict

from app import codes
from app.i18n import _
from app.paths import resolve_db


def add_commands(sub, db_option: Callable[..., None]) -> None:
    committee = sub.add_parser("committee", help=_("the committee, its mediators and roster, and their counts"))
    db_option(committee, top=False)
    committee.add_argument("--json", action="store_true")


def cmd_committee(args) -> int:
    from app.services import committee, roster
    from ui.cli_auth import open_as

    read = open_as(resolve_db(args.db), args, "user").read
    with read() as s:
        details = committee.get_committee(s)
        counts = committee.organisation_counts(s)
        people = committee.list_profiles(s, active_only=True)
        members = roster.list_roster(s, active_only=True)
        teams = roster.list_teams(s, active_only=True)
    if args.json:
        data = {"committee": {**asdict(details), "founded_on": details.founded_on and details.founded_on.isoformat()},
                "counts": asdict(counts), "mediators": [asdict(p) for p in people],
                "roster": [asdict(m) for m in members],
                "teams": [{**asdict(t), "formed_on": t.formed_on and t.formed_on.isoformat()} for t in teams]}
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    kind = codes.load("committee_kinds").label(details.kind) or _("(not entered)")
    print(f"{details.name}（{kind}{'·' + details.field if details.field else ''}）")
    print(_("Head: {names}").format(names="、".join(details.head_names) or "—"))
    print(_("Mediators: {n} (full-time {full}, part-time {part}, women {women}, college or above {college}); "
            "roster: {roster}, of whom information officers and grid workers {informants}").format(
        n=counts.mediators, full=counts.full_time, part=counts.part_time, women=counts.women,
        college=counts.college_or_above, roster=sum(counts.roster_by_category.values()), informants=counts.informants))
    for t in teams:
        print(f"{codes.load('team_kinds').label(t.kind)} {t.name}：" + "、".join(
            f"{m.name}（{m.duty or m.role_text}）" for m in t.members))
    return 0


COMMITTEE_COMMANDS = {"committee": cmd_committee}
