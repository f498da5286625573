"""The one-folder build's entry point: the same `mediation-station` command as the installed script."""
from __future__ import annotations

import os
import sys

# The Qt inside the build has input-method plugins for IBus and compose only. Desktops with fcitx5 (UOS,
# Kylin, deepin) set QT_IM_MODULE=fcitx, for which it has none, and Chinese could not be typed; fcitx5
# answers on the IBus protocol as well (its ibus frontend, on by default), so it is asked that way.
if os.environ.get("QT_IM_MODULE", "").startswith("fcitx"):
    os.environ["QT_IM_MODULE"] = "ibus"

from ui.cli import main  # noqa: E402

if __name__ == "__main__":
    # A large register import reads the spreadsheet in a second process (app/register_file.py), which the
    # frozen build starts through this same executable.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
