"""Opening a database for use: migrate (after a backup), mark it as navdesk's, report its state."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from navdesk import config
from navdesk.services import settings
from navdesk.store.engine import Database
from navdesk.store.migrate import upgrade
from navdesk.store.models import Staff


@dataclass(frozen=True)
class DatabaseState:
    has_staff: bool
    is_demo: bool


def open_database(target: str | Path, *, backup_dir: Path | None = None) -> Database:
    """Open (creating if needed) and upgrade the database; refuses one that is too new or not navdesk's."""
    from navdesk.services.maintenance import refuse_foreign_database

    refuse_foreign_database(target)
    db = Database(target)
    try:
        upgrade(db, backup_dir=backup_dir or config.backup_dir())
        with db.session() as session:
            if not settings.get(session, settings.APPLICATION_KEY):
                settings.put(session, settings.APPLICATION_KEY, settings.APPLICATION_VALUE)
    except BaseException:
        db.dispose()
        raise
    return db


def database_state(db: Database) -> DatabaseState:
    with db.session() as session:
        staff_count = session.scalar(select(func.count()).select_from(Staff)) or 0
        demo = settings.get(session, settings.DEMO_KEY) == "1"
    return DatabaseState(has_staff=staff_count > 0, is_demo=demo)
