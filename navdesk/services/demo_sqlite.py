"""How the demo build sets up its SQLite connection: a build writes a million rows in one transaction, and
what suits a desk's many small saves is slow for that. Each setting holds for the build only and is
undone (or its connection discarded) when the build ends; on other databases nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from navdesk.store.engine import BUSY_TIMEOUT_MS
from navdesk.store.search import is_search_object

BUILD_CACHE_KIB = 256 * 1024
# Indexes the builders look rows up by, row after row (ending the contacts of people whose follow-up ended).
KEEP_INDEXES = frozenset({"ix_person_contact_person"})


@contextmanager
def build_connection(session: Session) -> Iterator[None]:
    """Set the session's connection up for the build, before its first write: SQLite changes the journal
    and the foreign-key checks only outside a transaction, and cannot change them back inside it. So the
    connection is discarded when it goes back to the pool (soft invalidation: it still commits), and the
    next session gets a new one with the desk's settings (`navdesk.store.engine`)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    with _page_cache(connection):
        if _in_transaction(connection):
            yield
            return
        connection.connection.invalidate(soft=True)
        _leave_write_ahead_log(connection)
        with _foreign_keys_checked_at_end(connection):
            yield


@contextmanager
def indexes_paused(session: Session) -> Iterator[None]:
    """Fill the tables first and index them once at the end: sorting each index's keys in one go is far
    quicker than putting a million rows one by one into indexes spread over the file. On SQLite only; the
    unique indexes stay (they check the data as it comes), and so do those the builders look rows up by.
    If the block fails, the rollback brings the indexes back with everything else."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    indexes = [(name, sql) for name, sql in connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        if not sql.upper().startswith("CREATE UNIQUE") and not is_search_object(name) and name not in KEEP_INDEXES]
    if not _in_transaction(connection):
        connection.exec_driver_sql("BEGIN")  # Python's sqlite3 begins one only at the first write
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)


@contextmanager
def _page_cache(connection: Connection) -> Iterator[None]:
    """A larger page cache while the demo is built: its inserts land all over the indexes of a file that
    grows to hundreds of megabytes, far beyond the default cache of 2 MB (a cache only takes the memory it
    fills). The connection gets its own size back afterwards."""
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or 0)}")


def _leave_write_ahead_log(connection: Connection) -> None:
    """Build with a rollback journal instead of the write-ahead log. In WAL mode every page of the new
    demo is written twice, to the log and, at the checkpoint after the commit, to the database: 600 MB
    more at 100,000 people, about 3 s. A rollback journal keeps only the pages the build changes that
    were there before (on a new database, next to none) and writes the new ones once. The build is as safe
    as before: one transaction, rolled back on any failure or power cut, and with `synchronous=FULL` on
    disk when it is committed.

    SQLite leaves WAL mode only when no other connection has the database open; then (a desk's other
    connections, another program) the build keeps the log, without waiting for them."""
    connection.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        connection.exec_driver_sql("PRAGMA journal_mode = DELETE")
    except OperationalError:
        pass  # another connection has the database open ("database is locked"): keep the log
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


@contextmanager
def _foreign_keys_checked_at_end(connection: Connection) -> Iterator[None]:
    """Check the foreign keys of the whole demo once, at the end, instead of row by row. SQLite looks up the
    parent of every foreign key of every inserted row, about a sixth of the time the inserts take;
    `foreign_key_check` over the finished tables costs less (3 s saved in all at 100,000 people). Any broken
    key fails the build (and rolls it back), as before."""
    if not connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    yield
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(5)
    if broken:
        raise RuntimeError(f"The demo broke foreign keys (table, rowid, parent, key number): {broken}")


def _in_transaction(connection: Connection) -> bool:
    dbapi_connection = connection.connection.dbapi_connection
    return dbapi_connection is None or bool(dbapi_connection.in_transaction)  # type: ignore[attr-defined]
