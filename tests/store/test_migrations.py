"""Schema changes only through migrations: the models and the migrations must agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

import navdesk.store.models  # noqa: F401
from navdesk.store.base import Base
from navdesk.store.engine import Database
from navdesk.store.migrate import DatabaseTooNew, current_revision, head_revision, upgrade
from navdesk.store.search import include_name, include_object


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite")
    upgrade(db)
    with db.engine.connect() as connection:
        # The search index (revision 0002) is not a model: its tables are left out of the comparison.
        options = {"compare_type": True, "include_name": include_name, "include_object": include_object}
        diff = compare_metadata(MigrationContext.configure(connection, opts=options), Base.metadata)
    db.dispose()
    assert diff == []


def test_upgrade_is_idempotent_and_reaches_head(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite")
    upgrade(db)
    assert upgrade(db) is None
    assert current_revision(db) == head_revision()
    db.dispose()


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path, english: None) -> None:
    db = Database(tmp_path / "future.sqlite")
    upgrade(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(DatabaseTooNew, match="newer version"):
        upgrade(db)
    assert current_revision(db) == "ffff_future"
    db.dispose()


@pytest.mark.sqlite_only
def test_sqlite_pragmas_are_set_on_every_connection(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_another_programs_database_is_left_alone(tmp_path: Path, english: None) -> None:
    import sqlite3

    from navdesk.domain.errors import UserError
    from navdesk.services.startup import open_database

    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.commit()
    connection.close()
    with pytest.raises(UserError, match="another program"):
        open_database(path, backup_dir=tmp_path / "backups")
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("invoices",)]
