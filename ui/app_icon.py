"""The app's icon (resources/icons/mediation-station.svg) on its windows, and the menu entry they belong to."""
from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.resources import resource

ICON_FILE = resource("icons", "mediation-station.svg")
# The .desktop entries the .deb installs (packaging/linux/): Wayland and some docks match windows by these.
STATION_DESKTOP = "mediation-station"
COUNTY_DESKTOP = "mediation-station-county"


def app_icon() -> QIcon:
    return QIcon(str(ICON_FILE))


def brand(app: QApplication, desktop_file: str = STATION_DESKTOP) -> None:
    """Every window of the process gets the icon, and the taskbar the menu entry it was started from."""
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(desktop_file)
