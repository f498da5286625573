"""Commands for the station's work beyond its cases: `places`, `screenings`, `reports` and `prevented` (list and
add, as a clerk scripts them). Writes run as the logged-in user through access.perform, so they are checked and on
the audit trail like the window's."""
from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from app import codes
from app.errors import MediationError
from app.i18n import _
from app.paths import resolve_db


def add_commands(sub, db_option: Callable) -> None:
    places = sub.add_parser("places", help=_("the station's villages, communities and grids"))
    db_option(places, top=False)
    psub = places.add_subparsers(dest="places_command", required=True)
    ls = psub.add_parser("list")
    db_option(ls, top=False)
    ls.add_argument("--json", action="store_true")
    add = psub.add_parser("add", help=_("add a village or community (主任)"))
    db_option(add, top=False)
    add.add_argument("name")
    add.add_argument("--kind", default="村", help=_("村 or 社区"))
    grid = psub.add_parser("add-grid", help=_("add a grid to a village or community (主任)"))
    db_option(grid, top=False)
    grid.add_argument("place")
    grid.add_argument("name")
    interval = psub.add_parser("interval", help=_("days between screening visits of each village (主任)"))
    db_option(interval, top=False)
    interval.add_argument("days", nargs="?")

    screenings = sub.add_parser("screenings", help=_("screening visits (排查) and what they found"))
    db_option(screenings, top=False)
    ssub = screenings.add_subparsers(dest="screenings_command", required=True)
    ls = ssub.add_parser("list")
    _list_options(ls, db_option)
    add = ssub.add_parser("add")
    db_option(add, top=False)
    add.add_argument("--date", required=True)
    add.add_argument("--place", required=True, help=_("the village or community, or VILLAGE/GRID"))
    add.add_argument("--mediator", action="append", default=[], help=_("who went (repeat for several)"))
    add.add_argument("--others", default="", help=_("others who went (网格员, 村干部)"))
    add.add_argument("--notes", default="")
    add.add_argument("--finding", action="append", default=[], metavar="TYPE|PEOPLE|RISK|WHAT",
                     help=_("a finding, e.g. 邻里|3|黄|两户因排水沟争执 (repeat for several)"))

    reports = sub.add_parser("reports", help=_("reports of information officers and grid workers (信息员/网格员)"))
    db_option(reports, top=False)
    rsub = reports.add_subparsers(dest="reports_command", required=True)
    ls = rsub.add_parser("list")
    _list_options(ls, db_option)
    add = rsub.add_parser("add")
    db_option(add, top=False)
    add.add_argument("--reporter", required=True)
    add.add_argument("--role", required=True, help=_("信息员 or 网格员"))
    add.add_argument("--date", required=True)
    add.add_argument("--place", help=_("the village or community, or VILLAGE/GRID"))
    add.add_argument("--location", default="")
    add.add_argument("--content", required=True)

    prevented = sub.add_parser("prevented", help=_("the register of disputes prevented (预防)"))
    db_option(prevented, top=False)
    vsub = prevented.add_subparsers(dest="prevented_command", required=True)
    ls = vsub.add_parser("list")
    _list_options(ls, db_option)
    add = vsub.add_parser("add")
    db_option(add, top=False)
    add.add_argument("--date", required=True)
    add.add_argument("--place", required=True, help=_("the village or community, or VILLAGE/GRID"))
    add.add_argument("--type", required=True)
    add.add_argument("--people", required=True)
    add.add_argument("--how", required=True)
    add.add_argument("--by", action="append", default=[], help=_("a mediator who prevented it (repeat)"))
    add.add_argument("--others", default="")


def _list_options(parser: argparse.ArgumentParser, db_option: Callable) -> None:
    db_option(parser, top=False)
    parser.add_argument("--place", help=_("only this village or community"))
    parser.add_argument("--json", action="store_true")


def _open(args, role: str):
    from ui.cli_auth import open_as

    return open_as(resolve_db(args.db), args, role)


def _write(opened, fn):
    from app.access import perform

    return perform(opened.write, opened.actor, fn)


def _code(table: codes.CodeTable, value: str, option: str) -> str:
    code = table.code_for(value)
    if code is None:
        raise MediationError(_("Unknown value for {option}: {value}; use one of {names}.").format(
            option=option, value=value, names="、".join(c.zh for c in table.codes)))
    return code


def _place(s, text: str | None) -> tuple[int | None, int | None]:
    from app.services import places

    return places.find_place(s, text) if text else (None, None)


def _mediators(s, names: list[str]) -> list[int]:
    from sqlalchemy import select

    from db.models import Mediator

    ids = []
    for name in names:
        found = s.scalar(select(Mediator.id).where(Mediator.name == name.strip()))
        if found is None:
            raise MediationError(_("No mediator named {name}; the station's mediators are under 设置 → 调解员.")
                                 .format(name=name))
        ids.append(found)
    return ids


def _print(rows: list, as_json: bool, line: Callable) -> int:
    if as_json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print("\t".join(str(v) for v in line(r)))
    return 0


def cmd_places(args) -> int:
    from app.services import places

    opened = _open(args, "user" if args.places_command == "list" else "head")
    if args.places_command == "list":
        with opened.read() as s:
            found, interval = places.list_places(s), places.screening_interval(s)
        if args.json:
            print(json.dumps({"interval_days": interval, "places": [p.to_json() for p in found]},
                             ensure_ascii=False, indent=1))
            return 0
        kinds = codes.load("place_kinds")
        for p in found:
            print("\t".join([p.name, kinds.label(p.kind), "、".join(g.name for g in p.grids),
                             "" if p.active else _("(not in use)")]))
        print(_("Screening interval: every {n} days").format(n=interval))
        return 0
    if args.places_command == "add":
        kind = _code(codes.load("place_kinds"), args.kind, "--kind")
        view = _write(opened, lambda s: places.add_place(s, name=args.name, kind=kind))
        print(_("Added {name}.").format(name=view.name))
    elif args.places_command == "add-grid":
        view = _write(opened, lambda s: places.add_grid(s, place_id=places.find_place(s, args.place)[0],
                                                        name=args.name))
        print(_("Added grid {name} to {place}.").format(name=view.name, place=args.place))
    else:
        if args.days is None:
            with opened.read() as s:
                print(places.screening_interval(s))
            return 0
        days = _write(opened, lambda s: places.set_screening_interval(s, days=args.days))
        print(_("Each village is to be screened every {n} days.").format(n=days))
    return 0


def _finding(text: str):
    from app.services.screenings import FindingDraft

    parts = text.split("|", 3)
    if len(parts) != 4:
        raise MediationError(_("--finding {text}: write TYPE|PEOPLE|RISK|WHAT, e.g. 邻里|3|黄|两户因排水沟争执.")
                             .format(text=text))
    kind, people, risk, what = (p.strip() for p in parts)
    return FindingDraft(summary=what, type_code=_code(codes.dispute_types(), kind, "--finding"),
                        people_involved=people, risk_level=_code(codes.risk_levels(), risk or "无", "--finding"))


def cmd_screenings(args) -> int:
    from app.services import screenings

    opened = _open(args, "user")
    if args.screenings_command == "list":
        with opened.read() as s:
            found = screenings.list_screenings(s, place_id=_place(s, args.place)[0])
        handling = codes.load("finding_handling")
        return _print(found, args.json, lambda v: [
            v.visited_on.isoformat(), v.place + (f"/{v.grid}" if v.grid else ""),
            "、".join(v.mediators + ((v.others,) if v.others else ())),
            "；".join(f"{codes.dispute_types().label(f.type_code)}：{f.summary}（{handling.label(f.handling)}"
                     + (f" {f.case_no}" if f.case_no else "") + "）" for f in v.findings) or _("nothing found")])
    findings = [_finding(f) for f in args.finding]

    def add(s):
        place_id, grid_id = _place(s, args.place)
        return screenings.add_screening(s, visited_on=args.date, place_id=place_id, grid_id=grid_id,
                                        mediator_ids=_mediators(s, args.mediator), others=args.others,
                                        notes=args.notes, findings=findings)
    view = _write(opened, add)
    print(_("Recorded the screening visit of {date} in {place} with {n} findings.").format(
        date=view.visited_on.isoformat(), place=view.place, n=len(view.findings)))
    return 0


def cmd_reports(args) -> int:
    from app.services import screenings

    opened = _open(args, "user")
    if args.reports_command == "list":
        with opened.read() as s:
            found = screenings.list_info_reports(s, place_id=_place(s, args.place)[0])
        roles = codes.load("reporter_roles")
        return _print(found, args.json, lambda v: [
            v.reported_on.isoformat(), f"{roles.label(v.reporter_role)} {v.reporter}",
            v.place + (f"/{v.grid}" if v.grid else ""), v.location, v.content, v.case_no or "-"])
    role = _code(codes.load("reporter_roles"), args.role, "--role")

    def add(s):
        place_id, grid_id = _place(s, args.place)
        return screenings.add_info_report(s, reporter=args.reporter, reporter_role=role, reported_on=args.date,
                                          content=args.content, place_id=place_id, grid_id=grid_id,
                                          location=args.location)
    view = _write(opened, add)
    print(_("Recorded the report of {name} of {date}.").format(name=view.reporter,
                                                               date=view.reported_on.isoformat()))
    return 0


def cmd_prevented(args) -> int:
    from app.services import prevention

    opened = _open(args, "user")
    if args.prevented_command == "list":
        with opened.read() as s:
            found = prevention.list_prevented(s, place_id=_place(s, args.place)[0])
        return _print(found, args.json, lambda v: [
            v.on_date.isoformat(), v.place + (f"/{v.grid}" if v.grid else ""),
            codes.dispute_types().label(v.type_code), v.people_involved, v.how,
            "、".join(v.mediators + ((v.others,) if v.others else ()))])
    type_code = _code(codes.dispute_types(), args.type, "--type")

    def add(s):
        place_id, grid_id = _place(s, args.place)
        return prevention.add_prevented(s, on_date=args.date, type_code=type_code, people_involved=args.people,
                                        how=args.how, place_id=place_id, grid_id=grid_id,
                                        mediator_ids=_mediators(s, args.by), others=args.others)
    view = _write(opened, add)
    print(_("Recorded the dispute prevented on {date} in {place}.").format(date=view.on_date.isoformat(),
                                                                           place=view.place))
    return 0


COMMANDS = {"places": cmd_places, "screenings": cmd_screenings, "reports": cmd_reports, "prevented": cmd_prevented}
