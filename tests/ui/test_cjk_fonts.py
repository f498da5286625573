"""The windows draw Chinese in the shipped fonts on a computer without Chinese fonts, and leave a computer
that has its own alone. Each case runs in a fresh process whose fontconfig sees only the folders given."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from printing.fonts import SHIPPED_DIR

ROOT = Path(__file__).resolve().parent.parent.parent
PROBE = """
import json, sys
import ui.qt_compat
from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication
from ui.cjk_fonts import ensure_cjk_fonts

app = QApplication(sys.argv)
before = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
added = ensure_cjk_fonts()
layout = QTextLayout("调解工作站", QApplication.font())
layout.beginLayout(); layout.createLine(); layout.endLayout()
drawn = [(run.rawFont().familyName(), [int(g) for g in run.glyphIndexes()]) for run in layout.glyphRuns()]
print(json.dumps({"before": before, "added": added, "drawn": drawn}))
"""


def probe(tmp_path: Path, font_dirs: list[Path]) -> dict:
    conf = tmp_path / "fonts.conf"
    dirs = "".join(f"<dir>{d}</dir>" for d in font_dirs)
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>{dirs}'
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_chinese_is_drawn_in_a_shipped_font_when_the_system_has_no_fonts(tmp_path):
    found = probe(tmp_path, [])                                    # no system font at all
    assert found["before"] == []
    assert {"AR PL UMing CN", "WenQuanYi Zen Hei"} <= set(found["added"])
    (family, glyphs), = found["drawn"]
    assert family in found["added"] and len(glyphs) == 5 and 0 not in glyphs     # glyph 0: the empty box


def test_a_system_with_chinese_fonts_is_left_alone(tmp_path):
    installed = tmp_path / "installed"
    installed.mkdir()
    (installed / "wqy-zenhei.ttc").symlink_to(SHIPPED_DIR / "wqy-zenhei.ttc")   # stands in for a system font
    found = probe(tmp_path, [installed])
    assert "WenQuanYi Zen Hei" in found["before"] and found["added"] == []
    assert all(0 not in glyphs for _family, glyphs in found["drawn"])
