"""The sync commands of `mediation-station`: the station's export, receipts and statistics, and the county's
database (init, keys, enrolment, import, conflicts, statistics, window)."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app.codes import CaseStatus, ReceiptStatus
from app.errors import MediationError
from app import i18n
from app.i18n import _
from app.paths import resolve_db
from ui.cli_auth import USER_ENV


def add_commands(sub, db_option: Callable[..., None]) -> None:
    export = sub.add_parser("export", help=_("write this week's sync bundle for the county"))
    db_option(export, top=False)
    export.add_argument("--out", type=Path, required=True, help=_("folder to write the bundle into"))
    export.add_argument("--full", action="store_true", help=_("every record, not only the changes"))
    export.add_argument("--volume-size", type=int, metavar="MIB",
                        help=_("largest file of the bundle in MiB; a larger bundle is split into volumes (default: "
                               "the station's setting, 3993 MiB, below the 4 GiB limit of a FAT32 stick)"))

    receipt = sub.add_parser("receipt", help=_("the county's receipts for bundles"))
    rsub = receipt.add_subparsers(dest="receipt_command", required=True)
    rimport = rsub.add_parser("import", help=_("take a receipt file from the county"))
    db_option(rimport, top=False)
    rimport.add_argument("file", type=Path)

    stats = sub.add_parser("stats", help=_("this station's statistics for a period"))
    db_option(stats, top=False)
    _stats_options(stats)
    stats.add_argument("--by", choices=("type", "place"), default="type")

    county = sub.add_parser("county", help=_("the county office's database; with no sub-command, its window"))
    db_option(county, top=False)
    csub = county.add_subparsers(dest="county_command")
    init = csub.add_parser("init", help=_("create the county database and its keys"))
    db_option(init, top=False)
    init.add_argument("--name", default="县司法局", help=_("the county office's name"))
    init.add_argument("--reviewer", default="", help=_("the first county reviewer (县级审核员), whose account "
                                                        "this makes (default: --user)"))
    key = csub.add_parser("export-key", help=_("write the county's public key for the stations"))
    db_option(key, top=False)
    key.add_argument("--out", type=Path, required=True)
    enrol = csub.add_parser("enrol", help=_("register a station from its enrolment file"))
    db_option(enrol, top=False)
    enrol.add_argument("file", type=Path)
    enrol.add_argument("--replace", action="store_true",
                       help=_("replace the keys of a station already enrolled (a new computer); audited"))
    revoke = csub.add_parser("revoke", help=_("refuse a station's bundles from now on"))
    db_option(revoke, top=False)
    revoke.add_argument("station")
    reinstate = csub.add_parser("reinstate", help=_("accept a revoked station's bundles again"))
    db_option(reinstate, top=False)
    reinstate.add_argument("station")
    imp = csub.add_parser("import", help=_("import station bundles"))
    db_option(imp, top=False)
    imp.add_argument("bundles", type=Path, nargs="+")
    imp.add_argument("--dry-run", action="store_true", help=_("show what would change, change nothing"))
    imp.add_argument("--receipt-out", type=Path, help=_("folder for the receipts (default: beside each bundle)"))
    conflicts = csub.add_parser("conflicts", help=_("list the conflicts waiting for a decision"))
    db_option(conflicts, top=False)
    resolve = csub.add_parser("resolve", help=_("decide a conflict"))
    db_option(resolve, top=False)
    resolve.add_argument("conflict", type=int)
    resolve.add_argument("--take", choices=("county", "station"), required=True)
    resolve.add_argument("--note", default="")
    cstats = csub.add_parser("stats", help=_("the county's statistics for a period"))
    db_option(cstats, top=False)
    _stats_options(cstats)
    cstats.add_argument("--by", choices=("station", "type", "place"), default="type")


def _stats_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", help=_("2026 (year), 2026Q4 (quarter), 2026-11 (month) or 2026W47 (ISO week, "
                                           "Monday first)"))
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help=_("first day of a range of days, e.g. 2026-11-01 (instead of --period)"))
    parser.add_argument("--to", dest="date_to", metavar="DATE", help=_("last day of the range (default: today)"))
    parser.add_argument("--format", choices=("csv", "json", "xlsx", "pdf"), default="csv",
                        help=_("pdf: the Ministry's report only (with --ministry)"))
    parser.add_argument("--out", type=Path, help=_("output file (default: standard output; required for xlsx and "
                                                   "pdf)"))
    parser.add_argument("--ministry", action="store_true",
                        help=_("the Ministry's statistics report (人民调解工作统计表) instead of the statistics table"))


def _station(args, role: str):
    from ui.cli_auth import open_as

    opened = open_as(resolve_db(args.db), args, role)
    return opened.engine, opened.read, opened.write


def _county(args):
    from app.database import open_database

    if not args.db:
        raise MediationError(_("County commands need --db: the county database (a file path or "
                               "postgresql+psycopg://user@host/name)."))
    if "://" not in args.db and not Path(args.db).exists() and args.county_command != "init":
        raise MediationError(_("There is no county database at {path}; create it with `mediation-station "
                               "county init --db {path}`.").format(path=args.db))
    engine, read, write = open_database(args.db)
    if args.county_command not in (None, "init"):       # the window logs in itself; init makes the first reviewer
        from ui.cli_auth import log_in

        actor = log_in(write, args, "reviewer")
        for factory in (read, write):
            factory.configure(info={"actor": actor})
    return engine, read, write


def _emit(data: bytes, out: Path | None, fmt: str) -> None:
    from app.files import write_atomically

    if out is None:
        if fmt in ("xlsx", "pdf"):
            raise MediationError(_("An xlsx or PDF report needs --out FILE."))
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomically(data, out)
    print(_("Written {path}.").format(path=out), file=sys.stderr)


def cmd_export(args, progress) -> int:
    from app.sync.export import export_bundle
    from app.sync.volumes import MIN_VOLUME

    if args.volume_size is not None and args.volume_size << 20 < MIN_VOLUME:
        raise MediationError(_("--volume-size must be at least {mib} MiB.").format(mib=MIN_VOLUME >> 20))
    path = resolve_db(args.db)
    _engine, read, write = _station(args, "head")
    result = export_bundle(read, write, out_dir=args.out, database=path, full=args.full,
                           progress=progress(_("Tables")),
                           volume_size=args.volume_size << 20 if args.volume_size else None)
    for warning in result.warnings:
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    kind = _("full") if result.full else _("changes")
    print(_("Written {path}: bundle {number} ({kind}), {records} records, {size}, in {seconds:.1f} s.").format(
        path=result.path, number=result.number, kind=kind, records=sum(result.counts.values()),
        size=i18n.format_size(result.size), seconds=result.seconds))
    if len(result.paths) > 1:
        print(_("The bundle is split into {count} volumes; copy them all to the county together:").format(
            count=len(result.paths)))
        for volume in result.paths:
            print(f"  {volume}")
    if result.zero_report:
        print(_("No changes since the last bundle: this is a 零报告."))
    return 0


def cmd_receipt(args, _progress) -> int:
    from app.services.stations import get_station
    from app.sync.receipts import import_receipt

    _engine, read, write = _station(args, "head")
    with read() as s:
        code = get_station(s).code
    result = import_receipt(write, args.file, station_code=code)
    if result.status == ReceiptStatus.REFUSED:
        print(_("Receipt for bundle {number}: the county refused it: {reason}").format(
            number=result.number, reason=result.note), file=sys.stderr)
        return 1
    if result.status == ReceiptStatus.APPLIED:
        print(_("Receipt for bundle {number}: the county has imported it.").format(number=result.number))
    else:
        print(_("Receipt for bundle {number}: the county holds it until an earlier bundle arrives.").format(
            number=result.number))
    if result.audit_chain:
        print((_("The county reports about this station's audit trail: {message}") if result.chain_alarm else
               _("The county notes: {message}")).format(message=result.audit_chain),
              file=sys.stderr if result.chain_alarm else sys.stdout)
    if result.note:
        print(result.note)
    return 0


def cmd_stats(args, _progress) -> int:
    from app.periods import from_options
    from app.services import statistics
    from app.services.statistics_output import render

    from ui import cli_ministry

    cli_ministry.refuse_pdf_without_ministry(args)
    period = from_options(args.period, args.date_from, args.date_to)
    _engine, read, _write = _station(args, "user")
    if args.ministry:
        data, warnings = cli_ministry.station_file(read, period, args.format)
        _emit(data, args.out, args.format)
        _warn(warnings)
        return 0
    with read() as s:
        report = statistics.compute(s, period, by=args.by)
    data = render(report, args.format)
    if args.format == "json":
        data = cli_ministry.with_ministry(data, cli_ministry.station_json(read, period))
    _emit(data, args.out, args.format)
    return 0


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)


def _passphrase(*, new: bool) -> str:
    """The county database's passphrase: MEDIATION_COUNTY_PASSPHRASE for scripts, else asked at the terminal."""
    from app.sync.county_secrets import ENV

    if os.environ.get(ENV):
        return os.environ[ENV]
    if not sys.stdin.isatty():
        raise MediationError(_("No terminal to ask for the county database's passphrase: set {env}.").format(env=ENV))
    if not new:
        return getpass.getpass(_("Passphrase of the county database: "))
    first = getpass.getpass(_("New passphrase of the county database (it protects the county's keys and is asked "
                              "at every start): "))
    if getpass.getpass(_("The passphrase again: ")) != first:
        raise MediationError(_("The two passphrases differ; nothing was changed."))
    return first


def _unlock(write) -> None:
    """The county's keys opened (sealed first, if an older version left them in plain)."""
    from app.sync import county_secrets

    found = county_secrets.state(write)
    if found != county_secrets.OPEN:
        county_secrets.unlock(write, _passphrase(new=found == county_secrets.PLAIN))


def cmd_county(args, progress) -> int:
    from app.sync.county_secrets import ENV

    command = args.county_command
    if command is None:
        from ui import platform_check

        if not platform_check.ready():
            return 1
        from ui.county_app import main as county_main

        _engine, read, write = _county(args)     # a clear message for a wrong --db before any window opens
        if os.environ.get(ENV):
            _unlock(write)                       # else the window asks
        return county_main(read, write, args.db)
    _engine, read, write = _county(args)
    if command != "init":
        _unlock(write)
    return COUNTY_COMMANDS[command](args, read, write, progress)


def _county_init(args, read, write, _progress) -> int:
    """The county database, its keys (sealed under the passphrase asked) and its first reviewer (--reviewer, or
    --user), password asked."""
    from app.services import accounts
    from app.sync import county, county_secrets
    from ui.cli_auth import password

    name = (args.reviewer or getattr(args, "user", None) or os.environ.get(USER_ENV, "")).strip()
    if not name:
        raise MediationError(_("county init needs --reviewer NAME: the first county reviewer (县级审核员), whose "
                               "account it makes."))
    secret = password(name, twice=True)
    fresh = county_secrets.state(read) == county_secrets.NEW
    if not fresh:
        _unlock(write)              # init again keeps the keys: opened with their passphrase
    phrase = _passphrase(new=True) if fresh else ""
    with write.begin() as s:
        county.init_county(s, name=args.name, passphrase=phrase)
        accounts.add_account(s, name=name, role="reviewer", password=secret)
    print(_("The county database is ready; {name} logs in as its reviewer. Send the county key (county "
            "export-key) to every station.").format(name=name))
    return 0


def _county_key(args, read, write, _progress) -> int:
    from app.files import write_atomically
    from app.sync import county

    with read() as s:
        data = county.key_file(s)
    write_atomically(data, args.out)
    print(_("Written {path}: the county's public key; stations import it with `keys import-county`.").format(
        path=args.out))
    return 0


def _county_enrol(args, read, write, _progress) -> int:
    from app.sync import county

    with write.begin() as s:
        row = county.enrol(s, args.file, replace=args.replace)
        code, name, revoked = row.code, row.name, row.revoked_at is not None
    print(_("Station {name} ({code}) is enrolled.").format(name=name, code=code))
    if revoked:
        print(_("Its key stays revoked: its bundles are refused until `mediation-station county reinstate "
                "{code}`.").format(code=code))
    return 0


def _county_revoke(args, read, write, _progress) -> int:
    from app.sync import county

    with write.begin() as s:
        county.revoke(s, args.station)
    print(_("Station {code}'s key is revoked; its bundles will be refused.").format(code=args.station))
    return 0


def _county_reinstate(args, read, write, _progress) -> int:
    from app.sync import county

    with write.begin() as s:
        county.reinstate(s, args.station)
    print(_("Station {code} is reinstated; its bundles are accepted again.").format(code=args.station))
    return 0


def _county_import(args, read, write, progress) -> int:
    from app.sync.county_import import import_bundles

    reports = import_bundles(write, args.bundles, dry_run=args.dry_run, receipt_dir=args.receipt_out,
                             progress=progress(_("Bundles")) if len(args.bundles) > 1 else None)
    for r in reports:
        stream = sys.stderr if r.refused else sys.stdout
        prefix = _("Refused") if r.refused else (_("Would import") if args.dry_run else _("Imported"))
        print(f"{prefix}: {r.file.name}: {r.message}", file=stream)
        if r.chain:     # a line of its own: an alarm goes to the reviewer, a restore on record is noted
            print((_("Audit trail alarm: {message}") if r.chain_alarm else _("Audit trail: {message}")).format(
                message=r.chain), file=sys.stderr if r.chain_alarm else sys.stdout)
        for rejection in r.rejected:
            print("  " + _("Not stored: {record}").format(record=rejection), file=sys.stderr)
        for path in r.receipts:
            print("  " + _("Receipt written: {path}").format(path=path))
        if args.dry_run and r.summary and r.summary.get("total"):
            total = r.summary["total"]
            print("  " + _("The station's own figures for {period}: {accepted} accepted, {concluded} concluded, "
                           "{settled} settled.").format(period=r.summary["period"]["label"], **{
                k: total.get(k, 0) for k in (CaseStatus.ACCEPTED, "concluded", CaseStatus.SETTLED)}))
    if args.dry_run:
        print(_("Dry run: nothing was changed."))
    return 1 if any(r.refused or r.chain_alarm or r.rejected for r in reports) else 0


def _county_conflicts(args, read, write, _progress) -> int:
    from app.sync.conflicts import open_conflicts

    with read() as s:
        found = open_conflicts(s)
    for c in found:
        print(_("#{id} station {code}, {table} {uid}, revision {revision}").format(
            id=c.id, code=c.station_code, table=c.table, uid=c.uid, revision=c.revision))
        for d in c.differences:
            print("    " + _("{column}: county {county!r}, station {station!r}").format(
                column=d.column, county=d.county, station=d.station))
    if not found:
        print(_("No conflicts are waiting."))
    return 0


def _county_resolve(args, read, write, _progress) -> int:
    from app.sync.conflicts import resolve

    with write.begin() as s:
        resolve(s, args.conflict, take=args.take, note=args.note)
    print(_("Conflict {id} resolved.").format(id=args.conflict))
    return 0


def _county_stats(args, read, write, _progress) -> int:
    from dataclasses import replace

    from app.periods import from_options
    from app.services import statistics
    from app.services.statistics_output import render
    from app.sync import county

    from ui import cli_ministry

    cli_ministry.refuse_pdf_without_ministry(args)
    period = from_options(args.period, args.date_from, args.date_to)
    if args.ministry:
        data, warnings = cli_ministry.county_file(read, period, args.format)
        _emit(data, args.out, args.format)
        _warn(warnings)
        return 0
    with read() as s:
        county.identity(s)
        report = statistics.compute(s, period, by=args.by)
        zero, missing = county.reporting(s, period.start, period.end)
    data = render(replace(report, zero_report=zero, not_reported=missing), args.format)
    if args.format == "json":
        data = cli_ministry.with_ministry(data, cli_ministry.county_json_of(read, period))
    _emit(data, args.out, args.format)
    return 0


COUNTY_COMMANDS = {"init": _county_init, "export-key": _county_key, "enrol": _county_enrol,
                   "revoke": _county_revoke, "reinstate": _county_reinstate, "import": _county_import,
                   "conflicts": _county_conflicts,
                   "resolve": _county_resolve, "stats": _county_stats}
SYNC_COMMANDS = {"export": cmd_export, "receipt": cmd_receipt, "stats": cmd_stats, "county": cmd_county}
