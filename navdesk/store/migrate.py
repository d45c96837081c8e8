"""Bring a database to the current schema: refuse a newer one, back up before changing an older one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from navdesk.domain.errors import UserError
from navdesk.i18n import _
from navdesk.store.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK_KEY = 7_120_332


class DatabaseTooNew(UserError):
    pass


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade(db: Database, backup_dir: Path | None = None) -> Path | None:
    """Upgrade `db` to head. Returns the path of the backup made first, if any."""
    current = current_revision(db)
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            _(
                "This database was made by a newer version of navdesk (schema {revision}). "
                "Install the newer version; this one will not change the database."
            ).format(revision=current)
        )
    if current == head_revision():
        return None
    backup_path = None
    if current is not None and db.is_sqlite and backup_dir is not None:
        from navdesk.store.backup import backup_to

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_path = backup_to(db, backup_dir / f"before-migration-{current}-{stamp}.sqlite")
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Desks started together on one server: one migrates, the others wait and find it done.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        command.upgrade(alembic_config(connection), "head")
    return backup_path
