"""From a click to a preview: issue the document(s) on the DB worker (one transaction), render the PDF on the
I/O pool with progress, then open the preview window. The GUI thread never waits for either."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _
from app.printouts import Printout, merge, render_pdf
from app.services import documents
from ui.backend import Backend
from ui.messages import show_error
from ui.preview_window import PreviewWindow


def _file_name(title: str, case_no: str) -> str:
    return f"{title}-{''.join(c for c in case_no if c.isalnum())}.pdf"


def preview_document(parent: QWidget, backend: Backend, dispute_id: int, doc_type: str, part: str = "",
                     opened: Callable[[PreviewWindow], None] | None = None) -> None:
    def issue(session):
        doc, issued = documents.issue(session, dispute_id=dispute_id, doc_type=doc_type, part=part,
                                      by=backend.operator_id)
        return doc, issued, documents.copies_of(session, dispute_id)

    def issued(result) -> None:
        doc, info, copies = result

        def _open(printout: Printout) -> None:
            window = PreviewWindow(printout, f"{info.title} {info.case_no or ''}", copies,
                                   _file_name(info.title, info.case_no or ""), parent)
            window.show()
            backend.events.cases_changed.emit([dispute_id])     # the registry of issued documents grew
            if opened:
                opened(window)
        backend.runner.submit_io(lambda: render_pdf(doc), _open, lambda e: show_error(parent, e),
                                 label=_("Preparing {title}…").format(title=info.title), parent=parent)

    backend.write(issue, issued, lambda e: show_error(parent, e))


def preview_dossier(parent: QWidget, backend: Backend, dispute_id: int,
                    opened: Callable[[PreviewWindow], None] | None = None) -> None:
    from app.services.dossier import build_dossier

    def build(session):
        return build_dossier(session, dispute_id=dispute_id, by=backend.operator_id)

    def built(doc) -> None:
        missing = [e.title for e in doc.entries if e.required and e.document is None and e.note == "缺"]

        def _open(printout: Printout) -> None:
            window = PreviewWindow(printout, f"人民调解卷宗 {doc.header.case_no}", 1,
                                   _file_name("卷宗", doc.header.case_no), parent)
            if missing:
                window.warning.setText("\n".join(filter(None, (window.warning.text(), _(
                    "Required documents missing from the dossier: {names}.").format(names="、".join(missing))))))
                window.warning.setVisible(True)
            window.show()
            backend.events.cases_changed.emit([dispute_id])
            if opened:
                opened(window)
        backend.runner.submit_io(lambda: render_pdf(doc), _open, lambda e: show_error(parent, e),
                                 label=_("Preparing the dossier…"), parent=parent)

    backend.write(build, built, lambda e: show_error(parent, e), label=_("Assembling the dossier…"), parent=parent)


def preview_agreements(parent: QWidget, backend: Backend, dispute_ids: list[int],
                       opened: Callable[[PreviewWindow], None] | None = None) -> None:
    """The written agreements of the selected cases in one print run, each repeated for its copies."""
    def issue(session, progress, is_cancelled):
        return documents.issue_agreements(session, dispute_ids=dispute_ids, by=backend.operator_id,
                                          progress=progress, is_cancelled=is_cancelled)

    def issued(batch: documents.Batch) -> None:
        if not batch.documents:
            QMessageBox.information(parent, _("Print agreements"), _(
                "None of the selected cases has a written agreement yet."))
            return

        def render(progress, is_cancelled) -> Printout:
            done = []
            for i, (doc, copies) in enumerate(batch.documents):
                if is_cancelled():
                    from app.errors import Cancelled
                    raise Cancelled(_("Cancelled; nothing was printed."))
                done += [render_pdf(doc)] * copies
                progress(i + 1, len(batch.documents))
            return merge(done)

        def _open(printout: Printout) -> None:
            window = PreviewWindow(printout, _("{n} agreements").format(n=len(batch.documents)), 1,
                                   "人民调解协议书-批量.pdf", parent)
            if batch.skipped:
                window.warning.setText("\n".join(filter(None, (window.warning.text(), _(
                    "Left out, no written agreement: {cases}.").format(cases="、".join(batch.skipped))))))
                window.warning.setVisible(True)
            window.show()
            if opened:
                opened(window)
        backend.runner.submit_io(render, _open, lambda e: show_error(parent, e), cancellable=True,
                                 label=_("Preparing {n} agreements…").format(n=len(batch.documents)), parent=parent)

    backend.write(issue, issued, lambda e: show_error(parent, e), cancellable=True,
                  label=_("Issuing the agreements…"), parent=parent)
