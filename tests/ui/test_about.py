"""帮助 → 关于: the version, the licence and where the data is; the app's icon on the windows."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.paths import data_dir
from app.services import accounts
from app.version import version
from ui import about_dialog
from ui.app_icon import app_icon, brand

PASSWORD = "correct horse"


@pytest.fixture
def head_window(backend, db, qtbot, ui_settings):
    from ui.main_window import MainWindow

    with db.write.begin() as s:
        accounts.add_account(s, name="王调解", role="head", password=PASSWORD)
    with backend.session_factories()[1].begin() as s:
        backend.log_in(accounts.login(s, name="王调解", password=PASSWORD).actor)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    return window


def test_help_menu_about_shows_version_licence_and_data_folder(head_window, db):
    help_menu = next(a.menu() for a in head_window.menuBar().actions() if a.text() == "帮助(&H)")
    assert help_menu.actions()[-1].text() == "关于…"                 # last, after a separator
    help_menu.actions()[-1].trigger()
    dialog = head_window.findChild(about_dialog.AboutDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "关于调解工作站"
    assert dialog.version.text() == f"版本 {version()}"
    assert "GPL-3.0-or-later" in dialog.licence.text()
    assert str(data_dir()) in dialog.data.text() and str(db.path) in dialog.data.text()


def test_the_windows_carry_the_app_icon(qtbot):
    app = QApplication.instance()
    assert not app_icon().isNull() and app_icon().pixmap(32, 32).width() == 32   # the SVG is drawn
    brand(app, "mediation-station-county")
    assert app.desktopFileName() == "mediation-station-county" and not app.windowIcon().isNull()
