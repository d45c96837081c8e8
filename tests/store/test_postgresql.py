"""The same schema on a PostgreSQL server: migrations build the models, desks starting together migrate once.

These run only when NAVDESK_TEST_PG names a server (see tests/conftest.py); `.ci/run` sets one up.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from typing import Protocol

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import navdesk.store.models  # noqa: F401  (registers every table)
from navdesk.services.startup import open_database
from navdesk.store.base import Base
from navdesk.store.engine import Database
from navdesk.store.migrate import DatabaseTooNew, current_revision, head_revision, upgrade
from navdesk.store.search import include_name, include_object

DESKS = 4


class PgServer(Protocol):
    """The `pg_server` fixture of tests/conftest.py."""

    def blank(self, template: str = "template0") -> AbstractContextManager[str]: ...


def test_migrations_build_exactly_the_models_with_native_types(pg_server: PgServer) -> None:
    with pg_server.blank() as url:
        db = Database(url)
        upgrade(db)
        with db.engine.connect() as connection:
            options = {"compare_type": True, "include_name": include_name, "include_object": include_object}
            diff = compare_metadata(MigrationContext.configure(connection, opts=options), Base.metadata)
            columns = inspect(connection).get_columns("access_log")
        db.dispose()
    assert diff == []
    types = {column["name"]: type(column["type"]).__name__ for column in columns}
    assert types["id"] == "UUID" and types["allowed"] == "BOOLEAN"


def test_desks_starting_together_on_an_empty_server_migrate_it_once(pg_server: PgServer) -> None:
    failures: list[BaseException] = []
    start = threading.Barrier(DESKS)
    with pg_server.blank() as url:

        def desk() -> None:
            try:
                start.wait()
                open_database(url).dispose()
            except BaseException as error:  # noqa: BLE001 - reported below
                failures.append(error)

        threads = [threading.Thread(target=desk) for _ in range(DESKS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        db = Database(url)
        assert current_revision(db) == head_revision()
        db.dispose()
    assert failures == []


def test_a_server_database_from_a_newer_navdesk_is_refused_and_left_alone(
    pg_server: PgServer, english: None
) -> None:
    with pg_server.blank() as url:
        db = Database(url)
        upgrade(db)
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
        with pytest.raises(DatabaseTooNew, match="newer version"):
            open_database(url)
        assert current_revision(db) == "ffff_future"
        db.dispose()
