"""Opening a database for the application: the schema brought up to date, and every session checked
(permissions, app/access.py) and recorded (audit trail, app/audit.py) at its flush."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker


def install_hooks() -> None:
    """On every ORM session of the process: a flush is checked, then recorded, in its own transaction."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app import access, audit

    if not event.contains(Session, "before_flush", access.check_flush):
        event.listen(Session, "before_flush", access.check_flush)
        event.listen(Session, "after_flush", audit.record_flush)


def open_database(target: str | Path) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
    from db.engine import open_database as open_engine

    install_hooks()
    return open_engine(target)
