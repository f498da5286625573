"""A mediator's day at the keyboard: replays, through the real widgets (offscreen), the keystrokes of a person
registering a two-party dispute and of an on-the-spot oral settlement, both from the main window.

Prints exactly two lines, `keyboard registration: K keys, S s` and `on-the-spot settlement: K keys, S s`, where
S = K / 3 (three keys a second) plus the app's own measured time: handling each key and every wait for a
window, a completion or a save. Goals: S < 120 and S < 180.

Counting: each key press is one key, a chord (Ctrl+Enter) two, a digit or letter one, and a Chinese character
two (the usual cost of a pinyin input method with phrase prediction). Every field a real person must fill is
typed in full; only what the app fills itself (gender and birth date from the ID number, the suggested 事由,
today's date, the next party's role) is left to it.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.validation import id_check_char  # noqa: E402

KEYS_PER_SECOND = 3
KEYS_PER_HANZI = 2


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


ID_APPLICANT, ID_RESPONDENT = _id("33010119800501123"), _id("33010119750312201")


@dataclass
class Keyboard:
    """Sends each key to the widget that has the focus, as a person's keyboard does; counts keys and the
    app's own time."""
    keys: int = 0
    app_seconds: float = 0.0

    def _send(self, action: Callable[[QWidget], None]) -> None:
        # an open list (a completion, a combo box's) holds the keyboard, as it does for a person
        widget = QApplication.activePopupWidget() or QApplication.focusWidget()
        if widget is None:
            raise RuntimeError("no widget has the keyboard focus")
        started = time.perf_counter()
        action(widget)
        QApplication.processEvents()
        self.app_seconds += time.perf_counter() - started

    def type(self, text: str) -> None:
        for ch in text:
            if ch.isascii():
                self._send(lambda w, c=ch: QTest.keyClicks(w, c))
                self.keys += 1
            else:
                self._send(lambda w, c=ch: QTest.sendKeyEvent(QTest.KeyAction.Click, w, Qt.Key.Key_unknown, c,
                                                              Qt.KeyboardModifier.NoModifier))
                self.keys += KEYS_PER_HANZI

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              times: int = 1) -> None:
        for _ in range(times):
            self._send(lambda w: QTest.keyClick(w, key, modifiers))
            self.keys += 1 if modifiers == Qt.KeyboardModifier.NoModifier else 2

    def tab(self, times: int = 1) -> None:
        self.press(Qt.Key.Key_Tab, times=times)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 20.0) -> None:
        started = time.perf_counter()
        while not condition():
            if time.perf_counter() - started > timeout:
                raise TimeoutError("the app did not get there in time")
            QApplication.processEvents()
            time.sleep(0.002)
        self.app_seconds += time.perf_counter() - started

    @property
    def seconds(self) -> float:
        return self.keys / KEYS_PER_SECOND + self.app_seconds


def _focus_is(widget: QWidget) -> Callable[[], bool]:
    return lambda: QApplication.focusWidget() is widget


def _address(kb: Keyboard, village: str, rest: str) -> None:
    """Type part of the village's name, take the completion (↓, Enter), then the rest of the address."""
    field = QApplication.focusWidget()
    kb.type(village)
    popup = field.completer().popup()
    if popup.isVisible():
        kb.press(Qt.Key.Key_Down)
        kb.press(Qt.Key.Key_Return)
    kb.type(rest)


def _person(kb: Keyboard, name: str, id_number: str, village: str, rest: str, phone: str,
            occupation: str = "") -> None:
    """One party in the form's reading order: 姓名, 性别, 民族, 出生日期, 身份证号, 职业, 住址, 联系电话."""
    kb.type(name)
    kb.tab(4)                        # gender and birth date come from the ID number
    kb.type(id_number)
    kb.tab()
    kb.type(occupation)
    kb.tab()
    _address(kb, village, rest)
    kb.tab()
    kb.type(phone)


def register_two_parties(window, kb: Keyboard):
    """From the main window: Ctrl+N, both parties, 纠纷简要情况, 申请事项, the type, Ctrl+Enter. Returns the
    dialog (its `saved` is the registered case)."""
    kb.press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    kb.wait_until(lambda: getattr(window, "_dialog", None) is not None and window._dialog.isVisible())
    dialog = window._dialog
    kb.wait_until(_focus_is(dialog.parties.form.widgets["name"]))
    _person(kb, "赵钱", ID_APPLICANT, "东风", "3组12号", "13812345678", occupation="务农")
    kb.press(Qt.Key.Key_Return)                  # the next party: the respondent
    _person(kb, "孙李", ID_RESPONDENT, "东风", "5组8号", "13900002222")
    kb.tab(2)                                    # past 委托代理人 to 纠纷简要情况
    kb.type("孙李在公共通道堆放杂物，影响赵钱家通行，双方多次争吵。")
    kb.tab()
    kb.type("要求孙李清理杂物，恢复通道畅通。")
    kb.tab()
    kb.type("邻")                                # 纠纷类型: 邻里 (the list finds it by its first character)
    kb.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    kb.wait_until(lambda: dialog.saved is not None and not dialog.isVisible())
    return dialog


def settle_on_the_spot(window, kb: Keyboard):
    """From the main window: Ctrl+Shift+N, the dispute, both parties, the statements, one term, Ctrl+Enter."""
    kb.press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    kb.wait_until(lambda: getattr(window, "_dialog", None) is not None and window._dialog.isVisible()
                  and type(window._dialog).__name__ == "QuickSettleDialog")
    dialog = window._dialog
    kb.wait_until(_focus_is(dialog.type))
    kb.type("损")                                # 损害赔偿
    kb.tab(2)                                    # the 事由 is suggested from the parties and the type
    kb.type("李四推车碰倒张三的水果摊，水果散落受损。")
    kb.tab(2)                                    # the time is now
    kb.type("集市现场")
    kb.tab()
    _person(kb, "张三", ID_APPLICANT, "东风", "3组12号", "13812345678")
    kb.press(Qt.Key.Key_Return)
    _person(kb, "李四", ID_RESPONDENT, "东风", "5组8号", "13900002222")
    kb.tab(4)                                    # 委托代理人, ① and ② (ticked: said on the spot)
    kb.type("张三称李四推车碰倒其水果摊；李四承认碰倒，愿意赔偿。")
    kb.tab()
    kb.type("双方确认碰倒属实，损失约二百元。")
    kb.tab()
    kb.type("告知起诉耗时长、成本高。")
    kb.tab(2)                                    # everyone signed (ticked), to the agreement's first term
    kb.type("李四当场赔偿张三损失二百元")
    kb.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    kb.wait_until(lambda: dialog.saved is not None and not dialog.isVisible())
    return dialog


def _station(folder: Path) -> Path:
    """A station with a few hundred demo cases, so that the villages complete as at a real station."""
    from app import clock
    from app.database import open_database
    from app.services import demo, mediators, stations
    path = folder / "day.sqlite"
    engine, _read, write = open_database(path)
    with write.begin() as s:
        stations.init_station(s, name="城关镇人民调解委员会", code="330101001", county="某某县", case_prefix="城人",
                              mediator_name="王调解", mediator_phone="13900001111")
        mediators.add_mediator(s, name="李记录", role="clerk")
        demo.generate(s, cases=300, seed=7, today=clock.today())
    engine.dispose()
    return path


def main() -> tuple[Keyboard, Keyboard]:
    from ui.backend import Backend
    from ui.events import AppEvents
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    from app import i18n

    i18n.install("zh_CN")
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        backend = Backend(_station(Path(folder)), TaskRunner(), AppEvents())
        backend.operator_id = 1
        window = MainWindow(backend)
        window.show()
        window.activateWindow()
        registration, settlement = Keyboard(), Keyboard()
        registration.wait_until(lambda: QApplication.focusWidget() is not None)
        register_two_parties(window, registration)
        window.activateWindow()                  # as the window manager gives it back when the form closes
        settlement.wait_until(lambda: QApplication.focusWidget() is not None)
        settle_on_the_spot(window, settlement)
        backend.runner.wait()
        window.close()
        backend.close()
    print(f"keyboard registration: {registration.keys} keys, {registration.seconds:.0f} s")
    print(f"on-the-spot settlement: {settlement.keys} keys, {settlement.seconds:.0f} s")
    del app
    return registration, settlement


if __name__ == "__main__":
    main()
