"""A term performed by several, or owed to several: who else performs or receives it, and whether the obligors
are liable jointly (连带) or each for a share (按份, with the shares). One button per term in the 协议 tab."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QWidget

from app.i18n import _
from ui.form_dialog import FormDialog
from ui.widgets import set_combo_data

def deadline_label(position: int) -> str:
    """How a form names the deadline of the term numbered `position` (1, 2 …) in a message."""
    return _("Term {n}, deadline of performance").format(n=position)


LIABILITY = (("", "—"), ("joint", "连带责任"), ("shares", "按份责任"))


class SeveralButton(QPushButton):
    """Holds the term's further obligors and obligees, its liability and shares; shows them in a few words."""

    def __init__(self, parties: list, term=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.parties = parties
        self.co_obligor_uids = tuple(term.co_obligor_uids) if term else ()
        self.co_obligee_uids = tuple(term.co_obligee_uids) if term else ()
        self.liability = term.liability if term else ""
        self.shares = tuple(term.shares) if term else ()
        self.setAutoDefault(False)
        self.clicked.connect(self.edit)
        self._show()

    def _names(self, uids) -> str:
        by_uid = {p.uid: p.name for p in self.parties}
        return "、".join(by_uid.get(u, "") for u in uids)

    def _show(self) -> None:
        if not (self.co_obligor_uids or self.co_obligee_uids):
            self.setText(_("One each (add…)"))
            return
        parts = [_("also performs: {names}").format(names=self._names(self.co_obligor_uids))] \
            if self.co_obligor_uids else []
        if self.co_obligee_uids:
            parts.append(_("also receives: {names}").format(names=self._names(self.co_obligee_uids)))
        if self.liability:
            parts.append(dict(LIABILITY)[self.liability])
        self.setText("；".join(parts))

    def edit(self) -> None:
        """Check the others who perform or receive, choose the liability, write each obligor's share."""
        def checklist(chosen) -> QListWidget:
            box = QListWidget()
            for p in self.parties:
                item = QListWidgetItem(p.name)
                item.setData(Qt.UserRole, p.uid)
                item.setCheckState(Qt.Checked if p.uid in chosen else Qt.Unchecked)
                box.addItem(item)
            box.setMaximumHeight(110)
            return box

        obligors, obligees = checklist(self.co_obligor_uids), checklist(self.co_obligee_uids)
        liability = QComboBox()
        for code, label in LIABILITY:
            liability.addItem(label, code)
        set_combo_data(liability, self.liability)
        shares = QLineEdit("、".join(v for _u, v in self.shares),
                           placeholderText=_("each obligor's share in order, e.g. 2000、1000 or 60%、40%"))

        def save() -> None:
            def checked(box: QListWidget) -> tuple[str, ...]:
                return tuple(box.item(i).data(Qt.UserRole) for i in range(box.count())
                             if box.item(i).checkState() == Qt.Checked)
            self.co_obligor_uids, self.co_obligee_uids = checked(obligors), checked(obligees)
            self.liability = liability.currentData() if self.co_obligor_uids else ""
            self.pending_shares = [v.strip() for v in shares.text().replace(",", "、").replace("，", "、").split("、")
                                   if v.strip()]
            self._show()

        dialog = FormDialog(_("Several perform or receive this term"),
                            [(_("Also performs"), obligors), (_("Also receives"), obligees),
                             (_("Liability of the obligors"), liability), (_("Shares"), shares)], save, _("OK"), self)
        dialog.setModal(True)
        dialog.open()
        self._dialog = dialog

    def values(self, obligor_uid: str) -> dict:
        """The TermDraft fields, the shares matched to the obligors in order (the first obligor first)."""
        order = [u for u in (obligor_uid, *self.co_obligor_uids) if u]
        written = getattr(self, "pending_shares", None)
        shares = tuple(zip(order, written)) if written is not None else self.shares
        return dict(co_obligor_uids=self.co_obligor_uids, co_obligee_uids=self.co_obligee_uids,
                    liability=self.liability, shares=shares if self.liability == "shares" else ())
