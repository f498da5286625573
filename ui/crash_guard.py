"""The GUI's log file and its last net: an uncaught exception anywhere is written to the log and shown in a
Chinese dialog saying what failed, where, and where the log is; the app then goes on where it can.

The log records the kind of error and the code path, never the message or the values: those may quote a
party's name, ID number or phone (PIPL). A hard crash (a fault in Qt's C++ code) still leaves its Python
stack in the same file through faulthandler.
"""
from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from app.files import private_file
from app.i18n import _

log = logging.getLogger("mediation.crash")
_state: dict[str, object] = {"log_file": None, "showing": False, "fault_stream": None}
OUR_PACKAGES = ("app", "ui", "db", "printing")


def start_logging(log_file: Path) -> None:
    """Log warnings and errors to `log_file` (created owner-only: a log names the station's work)."""
    private_file(log_file)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_mediation", False)]:
        root.removeHandler(handler)
        handler.close()
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._mediation = True        # type: ignore[attr-defined]  (ours to replace on a second start)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    _state["log_file"] = log_file
    stream = open(log_file, "a", encoding="utf-8")     # noqa: SIM115  (kept open for faulthandler)
    faulthandler.enable(file=stream)
    old = _state["fault_stream"]
    _state["fault_stream"] = stream
    if old is not None:
        old.close()


def install() -> None:
    """Route uncaught exceptions of the GUI thread (Qt slots included) and of other threads here."""
    sys.excepthook = handle
    threading.excepthook = lambda args: handle(args.exc_type, args.exc_value, args.exc_traceback)


def where(tb: TracebackType | None) -> str:
    """The innermost frame in the app's own code: file, line and function, for the dialog and the log."""
    frames = [f for f in traceback.extract_tb(tb) if _ours(f.filename)] or traceback.extract_tb(tb)[-1:]
    if not frames:
        return "?"
    f = frames[-1]
    return f"{_relative(f.filename)}:{f.lineno} ({f.name})"


def handle(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    place = where(tb)
    log.error("uncaught %s at %s\n%s", kind.__name__, place, "".join(traceback.format_tb(tb)))
    if threading.current_thread() is threading.main_thread():
        _show(exc, place)


def _show(exc: BaseException, place: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None or _state["showing"]:
        return              # no GUI yet, or a dialog already open: the log has it
    _state["showing"] = True
    try:
        what = _what(exc)
        QMessageBox.critical(QApplication.activeWindow(), _("Something went wrong"), _(
            "{what}\n\nWhere: {place}\nThe details are written to the log file:\n{log}\n\nThe app goes on; "
            "if this keeps happening, give that file to your county office.").format(
                what=what, place=place, log=_state["log_file"] or _("(no log file)")))
    except Exception:       # the dialog itself failed: the log is all we can do
        log.exception("could not show the error dialog")
    finally:
        _state["showing"] = False


def _what(exc: BaseException) -> str:
    from app.errors import MediationError
    from app.faults import explain

    if isinstance(exc, MediationError):
        from ui.messages import describe

        return describe(exc)
    fault = explain(exc) if isinstance(exc, Exception) else None
    return fault or _("An unexpected error ({kind}) interrupted what you were doing.").format(
        kind=type(exc).__name__)


def _ours(filename: str) -> bool:
    parts = Path(filename).parts
    return len(parts) >= 2 and parts[-2] in OUR_PACKAGES or any(p in OUR_PACKAGES for p in parts[-3:-1])


def _relative(filename: str) -> str:
    parts = Path(filename).parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in OUR_PACKAGES:
            return "/".join(parts[i:])
    return Path(filename).name
