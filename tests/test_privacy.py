"""Personal information stays out of logs and error messages."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.conftest import ID_A


def test_failed_statement_does_not_quote_its_values(db):
    with pytest.raises(IntegrityError) as err:
        with db.write.begin() as s:
            s.execute(text("INSERT INTO party (dispute_id, position, role, kind, name, id_number, uid, created_at, "
                           "updated_at, revision) VALUES (999, 0, 'applicant', 'person', '张三', :id, 'u', "
                           "'2026-01-01', '2026-01-01', 1)"), {"id": ID_A})
    assert ID_A not in str(err.value)


def test_unexpected_error_is_logged_without_its_message(caplog, qtbot):
    from ui.messages import describe

    phone = "1381234" + "5678"   # built at run time: the logged source line must not hold the value itself
    with caplog.at_level(logging.ERROR):
        try:
            raise RuntimeError(f"boom {ID_A} {phone}")
        except RuntimeError as exc:
            shown = describe(exc)
    assert "RuntimeError" in caplog.text and ID_A not in caplog.text and phone not in caplog.text
    assert ID_A not in shown and "Traceback" not in shown
