"""The station's work commands of `mediation-station`: work logs, the monthly report and the case library."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from app.errors import MediationError
from app.i18n import _
from app.paths import resolve_db


def add_commands(sub, db_option: Callable[..., None]) -> None:
    log = sub.add_parser("worklog", help=_("a mediator's work log for a month"))
    db_option(log, top=False)
    log.add_argument("--mediator", required=True, help=_("the mediator's name"))
    log.add_argument("--month", required=True, help=_("the month, e.g. 2026-11"))
    log.add_argument("--out", type=Path, help=_("write it as an .xlsx workbook too"))

    report = sub.add_parser("report", help=_("the station's reports"))
    rsub = report.add_subparsers(dest="report_command", required=True)
    monthly = rsub.add_parser("monthly", help=_("the monthly work report as a PDF"))
    db_option(monthly, top=False)
    monthly.add_argument("--month", required=True, help=_("the month, e.g. 2026-11"))
    monthly.add_argument("--out", type=Path, required=True, help=_("the PDF file to write"))
    monthly.add_argument("--summary-file", type=Path,
                         help=_("a UTF-8 text file with the head's work summary (工作小结) to save first"))

    library = sub.add_parser("library", help=_("the case library (以案释法)"))
    lsub = library.add_subparsers(dest="library_command", required=True)
    listing = lsub.add_parser("list", help=_("the typical cases"))
    db_option(listing, top=False)
    mark = lsub.add_parser("mark", help=_("mark a closed case as typical, with its summary"))
    db_option(mark, top=False)
    mark.add_argument("case_no")
    mark.add_argument("--summary-file", type=Path,
                      help=_("a UTF-8 text file with the summary (without it, the automatic draft is saved)"))
    mark.add_argument("--title", help=_("the title (default: the automatic draft's)"))
    mark.add_argument("--tags", help=_("tags separated by 、"))
    similar = lsub.add_parser("similar", help=_("typical cases of the same type as a case, most alike first"))
    db_option(similar, top=False)
    similar.add_argument("case_no")


def _open(args, role: str):
    from ui.cli_auth import open_as

    return open_as(resolve_db(args.db), args, role)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MediationError(_("Cannot read {path}: {error}.").format(path=path, error=exc.strerror or exc)) from None
    if len(data) > 1_000_000:
        raise MediationError(_("{path} is larger than 1 MB; the text should be a page or two.").format(path=path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MediationError(_("{path} is not UTF-8 text; save it as UTF-8 and try again.").format(path=path)) \
            from None


def cmd_worklog(args) -> int:
    from app.services import worklog
    from app.services.monthly_report import parse_month

    opened = _open(args, "user")
    period = parse_month(args.month)
    with opened.read() as s:
        log = worklog.work_log(s, mediator_id=worklog.find_mediator(s, name=args.mediator), period=period)
    print(_("Work log of {name}, {start} to {end}").format(name=log.mediator, start=period.start.isoformat(),
                                                            end=period.end.isoformat()))
    for row in worklog.table_rows(log):
        print("\t".join(row))
    counts = log.counts()
    print(_("{n} entries").format(n=len(log.entries)) + (
        "：" + "，".join(f"{_(worklog.KIND_LABELS[k])} {n}" for k, n in counts.items())
        if counts else ""))
    if args.out:
        from app.files import write_atomically

        write_atomically(worklog.to_xlsx(log), args.out)
        print(_("Written {path}.").format(path=args.out))
    return 0


def cmd_report(args) -> int:
    from app.access import perform
    from app.documents.monthly import print_monthly
    from app.files import write_atomically
    from app.services import monthly_report

    opened = _open(args, "head" if args.summary_file else "user")
    period = monthly_report.parse_month(args.month)
    if args.summary_file:
        text = _read_text(args.summary_file)
        perform(opened.write, opened.actor, lambda s: monthly_report.save_summary(
            s, month=period.label, text=text, by=opened.actor.mediator_id))
    with opened.read() as s:
        doc, printout = print_monthly(s, month=period.label)
    write_atomically(printout.pdf, args.out)
    for warning in printout.warnings():
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    print(_("Written {path}: {title}, {month}, {pages} pages.").format(path=args.out, title=doc.header.title,
                                                                       month=period.label, pages=printout.pages))
    return 0


def cmd_library(args) -> int:
    from app.access import perform
    from app.services import case_library
    from app.services.disputes import find_id_by_case_no

    opened = _open(args, "user")
    if args.library_command == "list":
        with opened.read() as s:
            entries = case_library.list_entries(s)
        for e in entries:
            print("\t".join((e.marked_on.isoformat(), e.type_label, e.title, "、".join(e.tags))))
        print(_("{n} typical cases.").format(n=len(entries)))
        return 0
    with opened.read() as s:
        dispute_id = find_id_by_case_no(s, args.case_no)
        if args.library_command == "similar":
            for m in case_library.similar(s, dispute_id=dispute_id):
                print(f"{m.score:.2f}\t{m.entry.title}\t{m.passage}")
            return 0
        draft = case_library.draft_summary(s, dispute_id=dispute_id)
    summary = _read_text(args.summary_file) if args.summary_file else draft.summary
    entry = perform(opened.write, opened.actor, lambda s: case_library.mark_typical(
        s, dispute_id=dispute_id, title=args.title or draft.title, type_code=draft.type_code,
        tags=args.tags if args.tags is not None else draft.tags, summary=summary, by=opened.actor.mediator_id))
    print(_("Added to the case library: {title}.").format(title=entry.title))
    return 0


WORK_COMMANDS = {"worklog": cmd_worklog, "report": cmd_report, "library": cmd_library}
