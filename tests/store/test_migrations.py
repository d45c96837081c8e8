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


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite")
    upgrade(db)
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    db.dispose()
    assert diff == []


def test_upgrade_is_idempotent_and_reaches_head(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite")
    upgrade(db)
    assert upgrade(db) is None
    assert current_revision(db) == head_revision()
    db.dispose()


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = Database(tmp_path / "future.sqlite")
    upgrade(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(DatabaseTooNew, match="newer version"):
        upgrade(db)
    assert current_revision(db) == "ffff_future"
    db.dispose()


def test_sqlite_pragmas_are_set_on_every_connection(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
