"""The fonts shipped in resources/fonts/ print every document by default, with no Chinese font installed on
the computer; a station may still choose an installed one."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import preferences
from app.printouts import render_pdf
from app.documents import issuing
from printing import fonts
from tests.conftest import signed_case
from tests.test_cli import run

needs_pdffonts = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")


def listed_fonts(tmp_path: Path, monkeypatch, extra: dict[str, list[dict]] | None = None) -> None:
    """resources/fonts.json as it is, but every installed (non-shipped) file pointing to nothing, as on a
    computer without Chinese fonts; `extra` appends entries per role."""
    listed = json.loads(fonts.FONTS_FILE.read_text(encoding="utf-8"))
    for role in ("body", "heading"):
        for entry in listed[role]:
            entry["files"] = [f if f.startswith("fonts/") else str(tmp_path / "absent" / Path(f).name)
                              for f in entry["files"]]
        listed[role] += (extra or {}).get(role, [])
    path = tmp_path / "fonts.json"
    path.write_text(json.dumps(listed), encoding="utf-8")
    monkeypatch.setattr(fonts, "FONTS_FILE", path)
    monkeypatch.setattr(fonts, "_REGISTERED", {})       # register afresh, as a new process would


def pdf_fonts(path: Path) -> dict[str, str]:
    """pdffonts' table: the base font name without its subset tag → the "emb" column."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    return {line.split()[0].split("+")[-1]: line.split()[-5] for line in lines[2:]}


@needs_pdffonts
def test_documents_print_with_the_shipped_fonts_when_the_system_has_none(db, head_login, tmp_path, monkeypatch,
                                                                        capsys):
    listed_fonts(tmp_path, monkeypatch)
    assert [(c.name, c.shipped) for c in fonts.candidates("body")] == [("AR PL UMing CN", True),
                                                                        ("WenQuanYi Zen Hei", True)]
    assert all(Path(c.path).parent == fonts.SHIPPED_DIR for c in fonts.candidates("heading"))
    signed_case(db)
    out = tmp_path / "agreement.pdf"
    code, _out, err = run(capsys, "--db", str(db.path), "print", "(2026)城人调字第1号", "--doc", "agreement",
                          "--out", str(out))
    assert code == 0 and err == ""                                 # no "STSong-Light, not embedded" warning
    embedded = pdf_fonts(out)
    assert embedded == {"UMingCN-0": "yes", "WenQuanYiZenHei-0": "yes"}
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace(" ", "").replace("\n", "")
    for part in ("人民调解协议书", "张三", "李四", "城关镇人民调解委员会（印章）", "2026年11月23日"):
        assert part in text, part
    assert list((tmp_path / "userdata" / "cache" / "fonts").glob("*.marshal"))   # the app's cache folder


@needs_pdffonts
def test_an_installed_font_chosen_in_settings_replaces_the_shipped_one(db, tmp_path, monkeypatch):
    installed = tmp_path / "installed" / "hei.ttc"          # stands in for C:/Windows/Fonts/simhei.ttf
    installed.parent.mkdir()
    installed.symlink_to(fonts.SHIPPED_DIR / "wqy-zenhei.ttc")
    station_hei = {"name": "Station Hei", "files": [str(installed)], "index": 0}
    listed_fonts(tmp_path, monkeypatch, {"body": [station_hei]})
    assert [(c.name, c.shipped) for c in fonts.candidates("body")][-1] == ("Station Hei", False)
    d = signed_case(db)
    with db.write.begin() as s:
        doc, _issued = issuing.issue(s, dispute_id=d, doc_type="agreement")
    assert render_pdf(doc).font == "AR PL UMing CN"                    # the default: shipped
    preferences.save_print_fonts("Station Hei", None)
    printout = render_pdf(doc)
    assert printout.font == "Station Hei" and printout.embedded and not printout.warnings()
    out = tmp_path / "chosen.pdf"
    out.write_bytes(printout.pdf)
    assert pdf_fonts(out) == {"WenQuanYiZenHei-0": "yes"}            # no UMing left: body and headings in Hei
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printout.pdf)).pages)
    assert "人民调解协议书" in text
