"""Qt's own wording that PySide6's qtbase_zh_CN.qm does not translate yet (its source texts changed in Qt 6),
so that Qt's dialogs show no English in the Chinese interface. Found by tests/ui/test_no_english.py."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

# (context, source text) → Chinese, as Qt's own catalogs would have it.
WORDING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
    ("QPrintSettingsOutput", "Page &Set:"): "页面集(&S)：",
    ("QIODevice", "No such file or directory"): "没有那个文件或目录",
}


class MissingQtWording(QTranslator):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return WORDING.get((context, source))      # None (a null string): not ours, Qt asks qtbase

    def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
        return False
