"""Qt's own wording in Chinese: qtbase_zh_CN.qm from PySide6's folder, plus what it lacks (ui/qt_zh.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

from app import i18n
from ui.app import _qt_translations


@pytest.fixture
def chinese_qt(qapp):
    installed = _qt_translations(qapp)
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale.c())


def test_pyside_ships_qtbase_zh_cn_and_the_app_loads_it(chinese_qt):
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert (folder / "qtbase_zh_CN.qm").is_file()
    assert len(chinese_qt) == 2 and not chinese_qt[0].isEmpty()
    assert chinese_qt[0].filePath().endswith("qtbase_zh_CN.qm")
    assert QLocale().name() == "zh_CN"                      # month and day names in Chinese


def test_buttons_and_the_file_dialog_speak_chinese(chinese_qt, qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)
    assert {b.text() for b in box.buttons()} == {"确定", "取消", "是(&Y)", "否(&N)"}
    dialog = QFileDialog(None, "选择", ".", "台账 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels       # the two qtbase lacks
    assert not any("Look in" in t or "Files of" in t for t in labels)


def test_the_supplement_leaves_everything_else_to_qt(chinese_qt):
    """An unknown text gets no translation from ours (a null string), so shortcuts keep their key names."""
    assert QKeySequence("Ctrl+Shift+S").toString(QKeySequence.SequenceFormat.NativeText) == "Ctrl+Shift+S"
    assert QKeySequence("F1").toString(QKeySequence.SequenceFormat.NativeText) == "F1"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_english_interface_loads_nothing(qapp):
    i18n.install("en")
    assert _qt_translations(qapp) == []
