"""Opening a database for use: migrate (after a backup), mark it as navdesk's, report its state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from navdesk import config
from navdesk.domain.errors import UserError
from navdesk.services import backups, environment, settings
from navdesk.store import search as search_index
from navdesk.store.engine import Database, EnvironmentProblem
from navdesk.store.migrate import upgrade
from navdesk.store.models import Staff


@dataclass(frozen=True)
class DatabaseState:
    has_staff: bool
    is_demo: bool


def open_database(target: str | Path, *, backup_dir: Path | None = None) -> Database:
    """Open (creating if needed) and upgrade the database; refuses one that is too new or not navdesk's."""
    from navdesk.services.maintenance import refuse_foreign_database

    with _explained(target):
        refuse_foreign_database(target)
        db = Database(target)
    try:
        with _explained(target):
            made = upgrade(db, backup_dir=backup_dir or backups.folder_for(db) or config.backup_dir())
            if made is not None:
                backups.rotate(made.parent)
            _mark_as_navdesks(db)
            _refuse_unless_writable(db)
            _keep_name_order(db)
    except BaseException:
        db.dispose()
        raise
    return db


def _keep_name_order(db: Database) -> None:
    """Space people's rowids out in name order again when a registration found no room (migration 0003)."""
    with db.session() as session:
        connection = session.connection()
        if search_index.needs_renumbering(connection):
            search_index.renumber(connection)


@contextmanager
def _explained(target: str | Path) -> Iterator[None]:
    """A locked, read-only or damaged file, or an unreachable server, becomes a message; bugs stay bugs."""
    try:
        yield
    except UserError:
        raise
    except Exception as error:
        message = environment.explain(error, str(target))
        if message is None:
            raise
        raise EnvironmentProblem(message) from error


def _mark_as_navdesks(db: Database) -> None:
    try:
        with db.session() as session:
            if not settings.get(session, settings.APPLICATION_KEY):
                settings.put(session, settings.APPLICATION_KEY, settings.APPLICATION_VALUE)
    except IntegrityError:
        pass  # another desk starting at the same moment on the same server marked it first


def _refuse_unless_writable(db: Database) -> None:
    """A desk that can read but not save, or that another program locks out, is told so at the start,
    not at its first save. The statement changes nothing but needs the write lock, as a save does."""
    if db.is_sqlite:
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE setting SET value = value WHERE 0 = 1"))


def database_state(db: Database) -> DatabaseState:
    """What the desk needs to know to show its first screen. Also starts the day's automatic backup
    when it is due; it runs alongside, so a large database does not delay the first screen."""
    backups.start_daily_backup(db)
    with db.session() as session:
        staff_count = session.scalar(select(func.count()).select_from(Staff)) or 0
        demo = settings.get(session, settings.DEMO_KEY) == "1"
    return DatabaseState(has_staff=staff_count > 0, is_demo=demo)
