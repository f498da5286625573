"""What the station's case numbers will look like, shown under the 案号简称 field (first start and 设置): the
example number, or, for a short name the rule refuses (青人调字), what to write instead."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app import validation
from app.i18n import _
from app.services.transitions import format_case_no


def show_preview(label: QLabel, prefix: str) -> None:
    prefix = prefix.strip() or "某人"
    try:
        validation.case_prefix(prefix)
    except validation.Invalid as exc:    # "青人调字" previewed "(2026)青人调字调字第12号" without a word
        label.setText(str(exc))
        label.setStyleSheet("color: #b00000;")
        return
    label.setStyleSheet("")
    label.setText(_("Case numbers will look like {example}").format(example=format_case_no(2026, prefix, 12)))
