"""人民调解工作统计表 from the statistics window: the period picked, saved as PDF, xlsx or JSON; counted on the DB
worker, printed and written on the I/O worker (never on the GUI thread)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app import safe_names
from app.i18n import N_, _
from app.periods import Period
from app.services.ministry_rows import TITLE
from ui.messages import show_error
from ui.tasks import TaskRunner

FILTERS = {"pdf": N_("PDF for printing (*.pdf)"), "xlsx": N_("Excel workbook (*.xlsx)"), "json": N_("JSON (*.json)")}


def choose_file(parent: QWidget, period: Period) -> tuple[Path, str] | None:
    """Where to save, and as what (by the filter chosen; the file's ending follows it)."""
    filters = {fmt: _(text) for fmt, text in FILTERS.items()}
    name = safe_names.file_name(TITLE, period.label, suffix=".pdf")
    path, chosen = QFileDialog.getSaveFileName(parent, _("Save the Ministry's statistics report"),
                                               str(Path.home() / name),
                                               ";;".join(filters.values()))
    if not path:
        return None
    fmt = next((f for f, text in filters.items() if text == chosen), "pdf")
    path = Path(path)
    return (path if path.suffix.lower() == "." + fmt else path.with_name(path.name + "." + fmt)), fmt


def export(parent: QWidget, runner: TaskRunner, load: Callable[[Period], object], period: Period, path: Path,
           fmt: str, done: Callable[[Path, list[str]], None]) -> None:
    """Count the report of `period` (load runs on the DB worker), then render and write it on the I/O worker;
    done(path, warnings) on the GUI thread."""
    from app.documents.ministry import ministry_file
    from app.files import write_atomically

    def write(subject) -> list[str]:
        data, warnings = ministry_file(subject, fmt)
        write_atomically(data, path)
        return warnings

    def printed(subject) -> None:
        runner.submit_io(lambda: write(subject), lambda warnings: done(path, warnings),
                         lambda e: show_error(parent, e), label=_("Printing…"), parent=parent)

    runner.submit_db(lambda: load(period), printed, lambda e: show_error(parent, e), label=_("Counting…"),
                     parent=parent)
