"""The `mediation-station` command: starts the GUI, or runs a headless command for admins and scripts.

Qt is imported only when the GUI starts. Errors print one line in the UI language and exit non-zero.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from app import codes, i18n
from app.errors import MediationError
from app.i18n import _
from app.paths import resolve_db
from app.preferences import ui_locale
from app import clock


def _db_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--db and --user work before or after the sub-command; the sub-command's copy must not reset the top one."""
    from ui.cli_auth import add_user_option

    parser.add_argument("--db", metavar="PATH", default=None if top else argparse.SUPPRESS,
                        help=_("database file (default: MEDIATION_STATION_DB or the user data folder)"))
    add_user_option(parser, top=top)


class _VersionAction(argparse.Action):
    """--version: the number is looked up only when asked (importlib.metadata scans sys.path)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from app.version import version

        print(f"mediation-station {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mediation-station", description=_("Mediation Station (调解工作站)"))
    p.add_argument("--version", action=_VersionAction, help=_("show the version and exit"))
    _db_option(p, top=True)
    p.add_argument("--lang", choices=("zh_CN", "en"), help=_("language of windows and messages"))
    sub = p.add_subparsers(dest="command")

    init = sub.add_parser("init", help=_("set up the station"))
    _db_option(init, top=False)
    init.add_argument("--station-name", required=True, help=_("committee name, e.g. 某某镇人民调解委员会"))
    init.add_argument("--station-code", required=True)
    init.add_argument("--county", required=True)
    init.add_argument("--case-prefix", required=True, help=_("short name in case numbers, e.g. 某人"))
    init.add_argument("--mediator", required=True,
                      help=_("the first mediator, the committee head (主任), whose account this makes"))
    init.add_argument("--mediator-phone", default="")

    demo = sub.add_parser("demo", help=_("fill the database with synthetic cases"))
    _db_option(demo, top=False)
    demo.add_argument("--cases", type=int, required=True)
    demo.add_argument("--seed", type=int, default=1)

    cases = sub.add_parser("cases", help=_("list, show and import cases"))
    _db_option(cases, top=False)
    csub = cases.add_subparsers(dest="cases_command", required=True)
    ls = csub.add_parser("list")
    _db_option(ls, top=False)
    ls.add_argument("--search", default="")
    ls.add_argument("--status", action="append", default=[])
    ls.add_argument("--type")
    ls.add_argument("--overdue", action="store_true",
                    help=_("only cases with anything past its day, the cases of the agenda's overdue items"))
    ls.add_argument("--risk", help=_("only cases of this risk colour (红, 橙, 黄, 无)"))
    ls.add_argument("--place", help=_("only cases of this village or community, or VILLAGE/GRID"))
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--json", action="store_true")
    show = csub.add_parser("show")
    _db_option(show, top=False)
    show.add_argument("case_no")
    show.add_argument("--json", action="store_true")
    imp = csub.add_parser("import")
    _db_option(imp, top=False)
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true")
    agenda = sub.add_parser("agenda", help=_("what is due on and around a date"))
    _db_option(agenda, top=False)
    agenda.add_argument("--date", help=_("the day (YYYY-MM-DD); default today"))
    agenda.add_argument("--json", action="store_true")

    check = sub.add_parser("check", help=_("procedural findings of a case, or of the whole station"))
    _db_option(check, top=False)
    check.add_argument("case_no", nargs="?")
    check.add_argument("--all", action="store_true")
    check.add_argument("--json", action="store_true")

    prn = sub.add_parser("print", help=_("print a document of a case"))
    _db_option(prn, top=False)
    prn.add_argument("case_no", nargs="?")
    prn.add_argument("--doc", help=_("the document type (see --list-docs)"))
    prn.add_argument("--session", type=int, default=None, metavar="N",
                     help=_("which session, investigation, hearing or follow-up visit (default: the latest)"))
    prn.add_argument("--out", type=Path, help=_("output PDF file (default: TYPE-CASE.pdf in the current folder)"))
    prn.add_argument("--list-docs", action="store_true", help=_("list the document types"))

    dossier = sub.add_parser("dossier", help=_("the whole dossier of a case as one PDF"))
    _db_option(dossier, top=False)
    dossier.add_argument("case_no")
    dossier.add_argument("--out", type=Path, required=True)

    verify = sub.add_parser("verify", help=_("which issued document a verification code belongs to"))
    _db_option(verify, top=False)
    verify.add_argument("code")

    keys = sub.add_parser("keys", help=_("the station's keys for the sync bundle"))
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    enrol = keys_sub.add_parser("export-enrolment", help=_("write the station's public keys for the county"))
    _db_option(enrol, top=False)
    enrol.add_argument("--out", type=Path, required=True)
    county_key = keys_sub.add_parser("import-county", help=_("take the county's public key file"))
    _db_option(county_key, top=False)
    county_key.add_argument("file", type=Path)

    from ui import cli_committee, cli_station_work, cli_sync, cli_trust, cli_work

    cli_sync.add_commands(sub, _db_option)
    cli_trust.add_commands(sub, _db_option)
    cli_committee.add_commands(sub, _db_option)
    cli_station_work.add_commands(sub, _db_option)
    cli_work.add_commands(sub, _db_option)
    return p


def _open(args, role: str):
    """The station database, logged in as --user with one of the role's rights ("user", "head")."""
    from ui.cli_auth import open_as

    return open_as(resolve_db(args.db), args, role)


_line_open = [False]         # a progress line without its newline yet: an error must not land on it


def _progress(label: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        _line_open[0] = done < total
        print(f"\r{label} {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    return report


def _error(message: str) -> int:
    print(("\n" if _line_open[0] else "") + _("Error: {message}").format(message=message), file=sys.stderr)
    _line_open[0] = False
    return 1


class _Phases:
    """Progress of a job whose count starts again at each phase (reading, then writing): one line per phase."""

    def __init__(self, *labels: str):
        self.labels, self.phase = labels, 0

    def __call__(self, done: int, total: int) -> None:
        label = self.labels[min(self.phase, len(self.labels) - 1)]
        _line_open[0] = done < total
        print(f"\r{label} {done}/{total}", end="" if _line_open[0] else "\n", file=sys.stderr, flush=True)
        if not _line_open[0]:
            self.phase += 1

    @staticmethod
    def finish() -> None:
        """End a progress line left open, so that the problems listed next have lines of their own."""
        if _line_open[0]:
            print(file=sys.stderr, flush=True)
            _line_open[0] = False


def cmd_init(args) -> int:
    """An empty database: the station, and the head's account for --mediator (no login: nobody exists yet)."""
    from app.database import open_database
    from app.services import accounts, stations
    from ui.cli_auth import password

    _engine, _read, write = open_database(resolve_db(args.db))
    with write() as s:
        if stations.station_exists(s):
            raise MediationError(_("This database already has a station; use another --db for a new one."))
    secret = password(args.mediator.strip(), twice=True)
    with write.begin() as s:
        st = stations.init_station(s, name=args.station_name, code=args.station_code, county=args.county,
                                   case_prefix=args.case_prefix, mediator_name=args.mediator,
                                   mediator_phone=args.mediator_phone, require_mediator=True)
        accounts.add_account(s, name=args.mediator.strip(), role="head", password=secret)
    from app.sync_keys import ensure_station_keys

    ensure_station_keys(st.code)
    print(_("Station {name} ({code}) is set up in {path}; {head} logs in as its head (主任).").format(
        name=st.name, code=st.code, path=resolve_db(args.db), head=args.mediator.strip()))
    return 0


def cmd_keys(args) -> int:
    from app import sync_keys
    from app.files import write_atomically
    from app.services.stations import get_station

    opened = _open(args, "head")
    read = opened.read
    with read() as s:
        st = get_station(s)
    if args.keys_command == "export-enrolment":
        data = json.dumps(sync_keys.enrolment(st.code, st.name, st.county), ensure_ascii=False, indent=1)
        write_atomically(data.encode("utf-8"), args.out)
        print(_("Written {path}: the public keys of station {code}; send it to the county office.").format(
            path=args.out, code=st.code))
    else:
        sync_keys.install_county_key(opened.write, actor=opened.actor, station_code=st.code, path=args.file)
        print(_("The county's key is stored; bundles will be encrypted to it."))
    return 0


def cmd_demo(args) -> int:
    from app.services import demo

    if args.cases < 1:
        raise MediationError(_("--cases must be at least 1."))
    write = _open(args, "head").write
    with write.begin() as s:
        result = demo.generate(s, cases=args.cases, seed=args.seed, progress=_progress(_("Cases")))
    print(_("Added {cases} demo cases with {parties} parties.").format(cases=result.cases,
                                                                       parties=result.parties))
    return 0


def _code_arg(table: codes.CodeTable, value: str, option: str) -> str:
    code = table.code_for(value)
    if code is None:
        raise MediationError(_("Unknown value for {option}: {value}; use one of {names}.").format(
            option=option, value=value, names="、".join(c.zh for c in table.codes)))
    return code


def cmd_list(args) -> int:
    from app.services.register import RegisterQuery, fetch_page

    query = RegisterQuery(search=args.search,
                          statuses=tuple(_code_arg(codes.statuses(), s, "--status") for s in args.status),
                          type_code=args.type and _code_arg(codes.dispute_types(), args.type, "--type"),
                          overdue_only=args.overdue,
                          risk_level=args.risk and _code_arg(codes.risk_levels(), args.risk, "--risk"))
    read = _open(args, "user").read
    with read() as s:
        if args.place:
            from dataclasses import replace

            from app.services.places import find_place

            place_id, grid_id = find_place(s, args.place)
            query = replace(query, place_id=place_id, grid_id=grid_id)
        rows = fetch_page(s, query, offset=0, limit=max(args.limit, 1))
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:        # said on stderr: a script reading the list still gets an empty one
        print(_("No cases match the search or filters") + "。", file=sys.stderr)
    for r in rows:
        print("\t".join([r.case_no or "-", r.registered_on.isoformat(), codes.statuses().label(r.status),
                         codes.dispute_types().label(r.type_code), r.title, r.parties_text]))
    return 0


def cmd_show(args) -> int:
    from app.services.disputes import find_id_by_case_no, get_dispute

    read = _open(args, "user").read
    with read() as s:
        view = get_dispute(s, dispute_id=find_id_by_case_no(s, args.case_no))
    if args.json:
        print(json.dumps(view.to_json(), ensure_ascii=False, indent=1))
        return 0
    lines = [
        (_("Case number"), view.case_no or ""), (_("Subject (事由)"), view.title),
        (_("Dispute type"), codes.dispute_types().label(view.type_code)),
        (_("Case source"), codes.case_sources().label(view.source_code)),
        (_("Status"), codes.statuses().label(view.status)),
        (_("Registered on"), i18n.format_date(view.registered_on)),
        (_("Accepted on"), i18n.format_date(view.accepted_on)), (_("Deadline"), i18n.format_date(view.deadline)),
        (_("Amount involved (yuan)"), i18n.format_amount(view.amount)),
        (_("Risk level"), codes.risk_levels().label(view.risk_level)), (_("Facts"), view.facts)]
    if view.original_case_no:       # kept from the former register the case was imported from
        lines.insert(1, (_("Original case number (原案号)"), view.original_case_no))
    if view.agreed_amount is not None:
        lines.insert(-1, (_("Amount agreed (yuan, from the former register)"), i18n.format_amount(view.agreed_amount)))
    lines += [(codes.party_roles().label(p.role), " ".join(filter(None, (p.name, p.phone, p.id_number))))
              for p in view.parties]
    for k, v in lines:
        print(f"{k}: {v}")
    return 0


def cmd_import(args) -> int:
    from app.services.importer import import_register

    write = _open(args, "head").write
    progress = _Phases(_("Reading rows"), _("Writing cases"))
    try:
        with write.begin() as s:
            report = import_register(s, path=args.file, dry_run=args.dry_run, progress=progress)
    finally:
        progress.finish()
    for e in report.errors:
        print(str(e), file=sys.stderr)
    if report.errors:
        print(_("Nothing was imported: {n} problems in the file; correct them and import again.").format(
            n=len(report.errors)), file=sys.stderr)
        return 1
    message = (_("Check passed: {new} cases would be imported, {old} are already present.") if args.dry_run
               else _("Imported {new} cases; {old} were already present."))
    print(message.format(new=report.imported, old=report.already_present))
    return 0


def cmd_agenda(args) -> int:
    from app.services.agenda import KIND_LABELS, agenda, overdue_summary
    from app.validation import Invalid, parse_date

    try:
        on = parse_date(args.date) if args.date else clock.today()
    except Invalid as exc:
        raise MediationError(_("--date: {message}").format(message=exc)) from None
    read = _open(args, "user").read
    with read() as s:
        items = agenda(s, on=on)
        late = overdue_summary(s, on=on, items=items)
    if args.json:
        print(json.dumps({"date": on.isoformat(), "overdue": {"items": late.items, "cases": late.cases},
                          "items": [i.to_json(on) for i in items]}, ensure_ascii=False, indent=1))
        return 0
    buckets = {"overdue": _("Overdue"), "today": _("Today"), "week": _("This week")}
    for key, title in buckets.items():
        chosen = [i for i in items if i.bucket(on) == key]
        heading = _("{title} ({n} items)").format(title=title, n=len(chosen))
        if key == "overdue":        # items, and the cases they belong to (what `cases list --overdue` lists)
            heading = _("{title} ({n} items in {cases} cases)").format(title=title, n=late.items, cases=late.cases)
        print(f"== {heading}")
        for i in chosen:
            print("\t".join([i.due_on.isoformat(), _(KIND_LABELS[i.kind]), i.case_no or "-", i.title, i.detail]))
    return 0


def cmd_check(args) -> int:
    from app.checks import check_case
    from app.services.case_record import load_case_record
    from app.services.disputes import find_id_by_case_no
    from app.services.sql import rows

    if bool(args.case_no) == bool(args.all):
        raise MediationError(_("Give a case number, or --all for the whole station."))
    read = _open(args, "user").read
    with read() as s:
        if args.all:
            ids = [r[0] for r in rows(s, "SELECT id FROM dispute WHERE deleted_at IS NULL ORDER BY id")]
        else:
            ids = [find_id_by_case_no(s, args.case_no)]
        results = []
        for i, dispute_id in enumerate(ids, start=1):
            record = load_case_record(s, dispute_id=dispute_id)
            findings = check_case(record, today=clock.today())
            if findings or not args.all:
                results.append((record.dispute, findings))
            if args.all and i % 500 == 0:
                _progress(_("Cases"))(i, len(ids))
    if args.json:
        print(json.dumps([{"case_no": d.case_no, "title": d.title, "findings": [f.to_json() for f in fs]}
                          for d, fs in results], ensure_ascii=False, indent=1))
        return 0
    for d, fs in results:
        print((d.case_no or _("(not accepted)")) + " " + d.title)
        for f in fs or []:
            print(_("  {severity}: {message} ({code})").format(severity=f.severity_label, message=f.message,
                                                                code=f.code))
        if not fs:
            print("  " + _("No findings."))
    if args.all:       # all well printed nothing: say so, with how many cases were looked at
        if not results:
            print(_("No findings."))
        print(_("{n} cases checked, {m} with findings.").format(n=len(ids), m=len(results)))
    return 0


def cmd_print(args) -> int:
    if args.list_docs:
        from app.documents.registry import REGISTRY

        for kind in REGISTRY:
            if kind.scope == "case":        # the station's own (the monthly report) print by their own command
                print(f"{kind.code}\t{kind.title}\t{_(kind.description)}")
        return 0
    if not args.case_no or not args.doc:
        raise MediationError(_("Give a case number and --doc, or --list-docs."))
    try:
        write = _open_while_loading_printing(args)
        from app.documents import issuing
        from app.services.disputes import find_id_by_case_no

        with write.begin() as s:  # rendered before it is registered: a document that cannot print is not issued
            doc, issued, printout = issuing.issue_printed(s, dispute_id=find_id_by_case_no(s, args.case_no),
                                                          doc_type=args.doc, part=str(args.session or ""))
    finally:
        _resume_collector()
    out = args.out or _default_out(args)
    _write_pdf(printout, out)
    if issued.draft:
        print(_("Written {path}: {title}, a draft ({pages} pages): 草稿 on every page and no verification code, "
                "because the record lacks: {lacks}.").format(path=out, title=issued.title, pages=printout.pages,
                                                              lacks="；".join(issued.lacks)))
        return 0
    print(_("Written {path}: {title}, version {version}, verification code {code}, {pages} pages.").format(
        path=out, title=issued.title, version=issued.version, code=issued.code, pages=printout.pages))
    return 0


def _default_out(args) -> Path:
    """TYPE-CASE.pdf in the current folder (pathvalidate, loaded only when no --out is given)."""
    from app import safe_names

    return Path(safe_names.file_name(args.doc, "".join(c for c in args.case_no if c.isalnum()), suffix=".pdf"))


def cmd_dossier(args) -> int:
    try:
        write = _open_while_loading_printing(args)
        _resume_collector()          # a dossier of fifty documents would leave too much behind unswept
        from app.documents.dossier import issue_dossier
        from app.services.disputes import find_id_by_case_no

        with write.begin() as s:
            doc, printout = issue_dossier(s, dispute_id=find_id_by_case_no(s, args.case_no))
    finally:
        _resume_collector()
    _write_pdf(printout, args.out)
    if doc.missing_required:
        print(_("Warning: required documents missing from the dossier or only drafts: {names}.").format(
            names="、".join(doc.missing_required)),
              file=sys.stderr)
    print(_("Written {path}: the dossier, {pages} pages.").format(path=args.out, pages=printout.pages))
    return 0


def _open_while_loading_printing(args):
    """The database, logged in, and the printing code and fonts loaded. With the password in the environment, the
    login's Argon2 verification (a tenth of a second or more, outside the GIL) starts first, in a thread, and
    runs while this thread loads (app/password_ahead.py); the login itself then checks, counts and audits as
    always. A password typed at the terminal is asked first, as usual."""
    import os

    from ui.cli_auth import PASSWORD_ENV, user_name

    _pause_collector()
    given = os.environ.get(PASSWORD_ENV)
    if given:
        from app import password_ahead

        password_ahead.start(resolve_db(args.db), user_name(args), given)
        _load_printing()
        return _open(args, "user").write
    opened = _open(args, "user")
    _load_printing()
    return opened.write


def _pause_collector() -> None:
    """A print loads some hundred thousand objects that live until the process ends (SQLAlchemy, reportlab, the
    fonts' tables): the cyclic collector would walk them again and again, and once more at exit. It is paused
    while the command runs (the garbage of one document is small), and whatever is alive at exit is frozen
    first, so that the interpreter's last collections skip it: a sixth of a fresh print's CPU time.
    `_resume_collector` turns it on again, for the rest of a process that goes on (the tests')."""
    import atexit
    import gc

    if _collector["was_on"] is None:
        _collector["was_on"] = gc.isenabled()
        gc.disable()
    if not _collector["at_exit"]:
        _collector["at_exit"] = True
        atexit.register(gc.freeze)


def _resume_collector() -> None:
    import gc

    if _collector["was_on"]:
        gc.enable()
    _collector["was_on"] = None


_collector: dict[str, bool | None] = {"was_on": None, "at_exit": False}


def _load_printing() -> None:
    from app import printouts
    import app.documents.issuing  # noqa: F401
    import printing.agreement_pdf  # noqa: F401
    import printing.form_pdf  # noqa: F401

    printouts.load_fonts()


def _write_pdf(printout, out: Path) -> None:
    from app.files import write_atomically

    write_atomically(printout.pdf, out)
    for warning in printout.warnings():
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)


def cmd_verify(args) -> int:
    """Public: anyone holding a paper may ask whether its code was issued here (no login)."""
    from app.database import open_database
    from app.documents import issuing

    _engine, read, _write = open_database(resolve_db(args.db))
    with read() as s:
        found = issuing.verify(s, code=args.code)
    print(_("{title}, version {version}, case {case_no}, issued {when} by {who}.").format(
        title=found.title, version=found.version, case_no=found.case_no, when=i18n.format_datetime(found.issued_at),
        who=found.issued_by or "-"))
    if found.missing:
        from app.printouts import name_chars

        print(_("Blank on this paper: no font could print {chars}.").format(chars=name_chars(found.missing)))
    return 0


def run_gui(args) -> int:
    from ui import platform_check

    if not platform_check.ready():
        return 1
    from ui.app import main as gui_main

    return gui_main(db_path=resolve_db(args.db))


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "agenda": cmd_agenda, "check": cmd_check, "print": cmd_print,
            "dossier": cmd_dossier, "verify": cmd_verify, "keys": cmd_keys}
CASE_COMMANDS = {"list": cmd_list, "show": cmd_show, "import": cmd_import}


def _window_args(argv: list[str]) -> argparse.Namespace | None:
    """The options of a start of the window (no sub-command), read without building every command's parser,
    which takes longer than a tenth of the start-up; None when argv is anything else (the full parser then
    reads it, says what is wrong, or prints the help)."""
    if not argv:                        # the desktop menu's start
        return argparse.Namespace(db=None, user=None, lang=None, command=None)
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    for option in ("--db", "--user"):   # as _db_option(top=True) and build_parser() define them
        parser.add_argument(option)
    parser.add_argument("--lang", choices=("zh_CN", "en"))
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    i18n.install(ui_locale())  # help texts are translated while the parser is built
    argv = sys.argv[1:] if argv is None else argv
    args = _window_args(argv) or build_parser().parse_args(argv)
    if args.lang:
        i18n.install(args.lang)
    try:
        if args.command is None:
            return run_gui(args)
        if args.command == "cases":
            return CASE_COMMANDS[args.cases_command](args)
        from ui.cli_station_work import COMMANDS as WORK_COMMANDS
        from ui.cli_sync import SYNC_COMMANDS
        from ui.cli_trust import TRUST_COMMANDS

        if args.command in WORK_COMMANDS:
            return WORK_COMMANDS[args.command](args)
        if args.command in SYNC_COMMANDS:
            return SYNC_COMMANDS[args.command](args, _progress)
        if args.command in TRUST_COMMANDS:
            return TRUST_COMMANDS[args.command](args)
        from ui.cli_committee import COMMITTEE_COMMANDS

        if args.command in COMMITTEE_COMMANDS:
            return COMMITTEE_COMMANDS[args.command](args)
        from ui.cli_work import WORK_COMMANDS

        if args.command in WORK_COMMANDS:
            return WORK_COMMANDS[args.command](args)
        return COMMANDS[args.command](args)
    except MediationError as exc:
        return _error(str(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a last net: one line, never a traceback
        return _error(_describe(exc))


def _describe(exc: Exception) -> str:
    from sqlalchemy.exc import DatabaseError

    from app.faults import explain

    if (fault := explain(exc)) is not None:
        return fault
    if isinstance(exc, DatabaseError):
        return _("the database cannot be used ({error}); check the --db path and that the file is a "
                 "Mediation Station database.").format(error=str(exc.orig).splitlines()[0])
    if isinstance(exc, OSError):
        return _("{error}; check the path and permissions.").format(error=exc.strerror or exc)
    return f"{type(exc).__name__}: {exc}"


if __name__ == "__main__":
    sys.exit(main())
