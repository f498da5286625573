"""帮助 → 关于: the version, the licence and where this station's data is kept."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMenu, QVBoxLayout, QWidget

from app.i18n import _
from app.paths import data_dir
from app.version import LICENCE, version
from ui.app_icon import app_icon


class AboutDialog(QDialog):
    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("About Mediation Station"))
        self.setMinimumWidth(460)          # the data folder's path on one line, not broken inside a word
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.version = QLabel(_("Version {version}").format(version=version()))
        self.licence = QLabel(_("Free software under the GNU General Public License, version 3 or any later "
                                "version ({licence}): you may use, share and change it.").format(licence=LICENCE))
        self.data = QLabel(_("Data folder: {folder}\nDatabase: {db}").format(folder=data_dir(), db=db_path))
        for label in (self.licence, self.data):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title = QLabel("<b>" + _("Mediation Station (调解工作站)") + "</b>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (icon, title, self.version, self.licence, self.data, buttons):
            layout.addWidget(widget)


def add_about(menu: QMenu, window) -> None:
    """The 关于 entry of a window's help menu; `window.backend.path` is the database it has open."""
    def show() -> None:
        dialog = AboutDialog(window.backend.path, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()          # window-modal without a nested event loop, like the app's other dialogs
    menu.addAction(_("About…"), show)
