"""帮助: the user guide (resources/help/guide.html) in a window with its contents list, the keyboard shortcuts
made from the windows' actual QActions, and F1 on any form opening the guide's part for it (HELP_TOPICS)."""
from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QSplitter,
                               QTextBrowser, QWidget)

from app.i18n import _
from app.resources import resource

GUIDE = resource("help", "guide.html")
SHORTCUTS_MARK = "<!-- SHORTCUTS -->"
_HEADING = re.compile(r"<h([23]) id=\"([a-z0-9-]+)\">(.*?)</h\1>", re.S)

# Which part of the guide F1 opens, by the class of the window or of the widget that has the focus (the
# nearest one wins: the agreement tab inside a case window opens 协议与履行).
HELP_TOPICS: dict[str, str] = {
    "MainWindow": "daily", "AgendaPage": "agenda", "RegisterPage": "register-list",
    "StationDialog": "first-start", "FirstAccountDialog": "first-start", "LoginDialog": "login",
    "PasswordForm": "login", "AccountsDialog": "login", "MediatorsDialog": "committee", "CommitteeDialog": "committee",
    "DisputeDialog": "register", "CaseDialog": "lifecycle", "ActionDialog": "lifecycle",
    "ExtensionDialog": "lifecycle", "SessionsTab": "sessions", "PlanSessionDialog": "sessions",
    "RecordSessionDialog": "sessions", "InvestigationDialog": "evidence", "EvidenceDialog": "evidence",
    "HearingsTab": "hearings", "AgreementTab": "agreement", "FollowUpTab": "follow-up",
    "DocumentsTab": "printing", "PreviewWindow": "printing", "QuickSettleDialog": "quick",
    "SyncDialog": "weekly-export", "StatisticsView": "statistics", "BackupDialog": "backups",
    "SettingsDialog": "settings", "DateInput": "dates",
    "DateTimeInput": "dates", "CalendarPopup": "dates", "HelpWindow": "daily",
    "StationWorkPage": "screening", "ScreeningDialog": "screening", "InfoReportDialog": "screening",
    "PreventedDialog": "screening", "PlacesDialog": "places", "RiskReferralTab": "risk-referrals",
    "WorkerForm": "risk-referrals",
    "WorkLogDialog": "work-log", "MonthlyReportDialog": "work-log", "LibraryDialog": "case-library",
    "LibraryEntryDialog": "case-library", "ReferenceDialog": "case-library",
}


def guide_html() -> str:
    return GUIDE.read_text(encoding="utf-8")


def contents(html: str) -> list[tuple[int, str, str]]:
    """(level, anchor, title) of each section, in order."""
    return [(int(level), anchor, re.sub(r"<[^>]+>", "", title).strip())
            for level, anchor, title in _HEADING.findall(html)]


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(command, keys) for each action with a shortcut, in the order given, each command once."""
    rows, seen = [], set()
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        name = action.text().replace("&", "").rstrip("…").strip()
        if keys and name and name not in seen:
            seen.add(name)
            rows.append((name, " / ".join(keys)))
    return rows


def shortcuts_html(actions: list[QAction]) -> str:
    body = "".join(f"<tr><td>{escape(name)}</td><td><b>{escape(keys)}</b></td></tr>"
                   for name, keys in shortcut_rows(actions))
    command, keys = escape(_("Command")), escape(_("Keys"))
    return (f"<table cellpadding='4' cellspacing='0' border='1'><tr><th>{command}</th>"
            f"<th>{keys}</th></tr>{body}</table>")


def topic_for(widget: QWidget | None) -> str:
    """The guide's anchor for a widget: its own class or the nearest enclosing one in HELP_TOPICS."""
    while widget is not None:
        for cls in type(widget).__mro__:
            if cls.__name__ in HELP_TOPICS:
                return HELP_TOPICS[cls.__name__]
        widget = widget.parentWidget()
    return "daily"


class HelpWindow(QDialog):
    """The guide: contents on the left, the text on the right; stays open beside the work (not modal)."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(_("User guide"))
        self.resize(980, 720)
        html = guide_html().replace(SHORTCUTS_MARK, shortcuts_html(actions))
        self.browser = QTextBrowser(openExternalLinks=False)
        self.browser.setHtml(html)
        self.browser.anchorClicked.connect(lambda url: self.show_topic(url.fragment()))
        self.browser.setOpenLinks(False)
        self.contents = QListWidget()
        for level, anchor, title in contents(html):
            item = QListWidgetItem(("　" if level == 3 else "") + title)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            self.contents.addItem(item)
        self.contents.currentItemChanged.connect(
            lambda item, _old: item and self.browser.scrollToAnchor(item.data(Qt.ItemDataRole.UserRole)))
        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setSizes([220, 760])
        QHBoxLayout(self).addWidget(splitter)

    def show_topic(self, anchor: str) -> None:
        for row in range(self.contents.count()):
            if self.contents.item(row).data(Qt.ItemDataRole.UserRole) == anchor:
                self.contents.setCurrentRow(row)
                break
        self.browser.scrollToAnchor(anchor)
        self.show()
        self.raise_()
        self.activateWindow()


class F1Key(QObject):
    """F1 where the menu's shortcut cannot reach: a modal form blocks the main window's shortcuts, so the key
    arrives at the form itself and is caught here (the shortcut, when it can fire, takes the key first)."""

    def __init__(self, open_topic, parent: QObject | None = None):
        super().__init__(parent)
        self.open_topic = open_topic

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F1:
            self.open_topic(help_for_active_window())
            return True
        return False


def help_for_active_window() -> str:
    """F1: the topic of what the person is working in (the focused widget, else the active window)."""
    app = QApplication.instance()
    focus = app.focusWidget() if app else None
    return topic_for(focus or (app.activeWindow() if app else None))


