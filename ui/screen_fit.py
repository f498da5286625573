"""Windows sized for the screen they open on: an office PC's 1366x768 must show a window's buttons."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

MARGIN = 0.92          # of the available height and width: the title bar and the window frame take the rest


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to width x height, or to what the screen the window opens on can show if that is less."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, int(room.width() * MARGIN)), min(height, int(room.height() * MARGIN))
    window.resize(width, height)
