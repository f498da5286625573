"""From a click to a preview: issue the document(s) on the DB worker (one transaction), render the PDF on the
I/O pool with progress, then open the preview window. The GUI thread never waits for either."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from app import safe_names
from app.errors import Cancelled
from app.i18n import _
from app.printouts import Printout, merge, render_pdf
from app.documents import issuing
from ui.backend import Backend
from ui.messages import show_error
from ui.preview_window import PreviewWindow


def _file_name(title: str, case_no: str) -> str:
    return safe_names.file_name(title, "".join(c for c in case_no if c.isalnum()), suffix=".pdf")


def _render_then_preview(parent: QWidget, backend: Backend, render: Callable, *, label: str, title: str,
                         copies: int, file_name: str, notes: list[str] = (), dispute_id: int | None = None,
                         cancellable: bool = False, issue: Callable[[Printout], object] | None = None) -> None:
    """Render on the I/O pool, then issue (`issue`: registers the codes, on the DB worker) and preview. When some
    character no font has would be blank, the preview names it first and the document is issued only when it
    is printed or saved as it is."""
    def issued(_result=None) -> None:
        if dispute_id is not None:
            backend.events.cases_changed.emit([dispute_id])     # the registry of issued documents grew

    def register(printout: Printout) -> None:
        backend.write(lambda s: issue(s, printout), issued, lambda e: show_error(parent, e))

    def show(printout: Printout) -> None:
        deferred = issue is not None and bool(printout.missing)
        if issue is not None and not deferred:
            register(printout)
        PreviewWindow(printout, title, copies, file_name, notes, parent,
                      before_output=(lambda: register(printout)) if deferred else None).show()

    backend.runner.submit_io(render, show, lambda e: show_error(parent, e), label=label, parent=parent,
                             cancellable=cancellable)


def preview_document(parent: QWidget, backend: Backend, dispute_id: int, doc_type: str, part: str = "") -> None:
    """Plan the document (its code, if complete) on the DB worker, render it, and only then register it."""
    def plan(session):
        planned = issuing.plan(session, dispute_id=dispute_id, doc_type=doc_type, part=part, by=backend.operator_id)
        return planned, issuing.copies_of(session, dispute_id)

    def planned_(result) -> None:
        planned, copies = result
        info = planned.view
        notes = [_("A draft: 草稿 on every page and no verification code, because the record lacks: {lacks}.")
                 .format(lacks="；".join(info.lacks))] if info.draft else []
        register = None if info.draft else (
            lambda s, printout: issuing.register_planned(s, planned, missing="".join(printout.missing)))
        _render_then_preview(parent, backend, lambda: render_pdf(planned.doc),
                             label=_("Preparing {title}…").format(title=info.title),
                             title=f"{info.title} {info.case_no or ''}", copies=copies,
                             file_name=_file_name(info.title + ("-草稿" if info.draft else ""), info.case_no or ""),
                             notes=notes, dispute_id=dispute_id, issue=register)

    backend.write(plan, planned_, lambda e: show_error(parent, e))


def preview_dossier(parent: QWidget, backend: Backend, dispute_id: int) -> None:
    """The whole dossier is rendered and issued in one go on the DB worker (its documents' codes registered
    after the render succeeded), then previewed."""
    from app.documents.dossier import issue_dossier

    def built(result) -> None:
        doc, printout = result
        notes = [_("Required documents missing from the dossier or only drafts: {names}.").format(
            names="、".join(doc.missing_required))] if doc.missing_required else []
        _render_then_preview(parent, backend, lambda: printout, label=_("Preparing the dossier…"),
                             title=f"人民调解卷宗 {doc.header.case_no}", copies=1,
                             file_name=_file_name("卷宗", doc.header.case_no), notes=notes, dispute_id=dispute_id)
        backend.events.cases_changed.emit([dispute_id])

    backend.write(lambda s: issue_dossier(s, dispute_id=dispute_id, by=backend.operator_id), built,
                  lambda e: show_error(parent, e), label=_("Assembling the dossier…"), parent=parent)


def preview_agreements(parent: QWidget, backend: Backend, dispute_ids: list[int]) -> None:
    """The written agreements of the selected cases in one print run, each repeated for its copies."""
    def issue(session, progress, is_cancelled):
        return issuing.issue_agreements(session, dispute_ids=dispute_ids, by=backend.operator_id,
                                          progress=progress, is_cancelled=is_cancelled)

    def issued(batch: issuing.Batch) -> None:
        if not batch.documents:
            QMessageBox.information(parent, _("Print agreements"), _(
                "None of the selected cases has a signed written agreement yet."))
            return

        def render(progress, is_cancelled) -> Printout:
            done = []
            for i, (_doc, copies, printout) in enumerate(batch.documents):
                if is_cancelled():
                    raise Cancelled(_("Cancelled; nothing was printed."))
                done += [printout] * copies
                progress(i + 1, len(batch.documents))
            return merge(done)

        notes = [_("Left out, no signed written agreement: {cases}.").format(cases="、".join(batch.skipped))] \
            if batch.skipped else []
        _render_then_preview(parent, backend, render, label=_("Preparing {n} agreements…").format(
            n=len(batch.documents)), title=_("{n} agreements").format(n=len(batch.documents)), copies=1,
            file_name="人民调解协议书-批量.pdf", notes=notes, cancellable=True)

    backend.write(issue, issued, lambda e: show_error(parent, e), cancellable=True,
                  label=_("Issuing the agreements…"), parent=parent)
