"""The 数据报送 dialog writes a bundle larger than its volume size as volumes, says so, and remembers the size."""
from __future__ import annotations

from app.services import settings
from tests.sync.conftest import _open_county, link
from tests.sync.test_streaming import add_attachments
from ui.sync_dialog import SyncDialog


def test_the_dialog_splits_a_large_bundle_and_remembers_the_volume_size(backend, qtbot, answers, db, tmp_path):
    add_attachments(db, [9 << 20, 9 << 20])
    county = _open_county(str(tmp_path / "county.sqlite"))
    link(db, county, tmp_path)
    county.engine.dispose()
    dialog = SyncDialog(backend)
    qtbot.addWidget(dialog)
    assert dialog.volume.value() == 3993                  # 3.9 GiB: below FAT32's 4 GiB file limit
    (tmp_path / "stick").mkdir()
    dialog.folder.setText(str(tmp_path / "stick"))
    dialog.volume.setValue(16)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=30000)
    parts = sorted((tmp_path / "stick").glob("*.msb"))
    assert [p.name for p in parts] == ["330101001-000001-1of2.msb", "330101001-000001-2of2.msb"]
    assert any("2 卷" in text and parts[1].name in text for _kind, text in answers.seen), answers.seen
    with db.read() as s:
        assert settings.get(s, "sync.volume_mib") == "16"
    again = SyncDialog(backend)
    qtbot.addWidget(again)
    assert again.volume.value() == 16
