"""Backup, restore and health check of the database (the `backup`, `restore` and `check` commands).

SQLite only for backup and restore: a PostgreSQL server is backed up with its own tools (pg_dump).
Nothing here migrates or repairs the database it is pointed at, except `restore`, which replaces it.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from navdesk import config
from navdesk.domain.errors import UserError
from navdesk.i18n import _
from navdesk.services import settings
from navdesk.store.backup import copy_database, looks_like_sqlite, remove_database_files, restore_into
from navdesk.store.engine import Database, sqlite_path, url_for
from navdesk.store.migrate import current_revision, head_revision, known_revisions, upgrade

MAX_LISTED_PROBLEMS = 20


class SchemaState(StrEnum):
    CURRENT = "current"
    OLDER = "older"  # a known earlier version: navdesk upgrades it at the next start
    NEWER = "newer"  # made by a newer navdesk (or an unknown schema)
    MISSING = "missing"  # no schema version at all: not a navdesk database


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    database: Path
    safety_backup: Path | None  # the database as it was before, when there was one
    restored_revision: str  # the schema version of the file that was restored
    revision: str  # the schema version now (the current one)


@dataclass(frozen=True)
class CheckReport:
    database: str
    readable: bool
    integrity_problems: tuple[str, ...]
    foreign_key_problems: tuple[str, ...]
    is_navdesk: bool
    revision: str | None
    head: str
    schema: SchemaState
    integrity_checked: bool = True  # False on PostgreSQL, which guards its own pages

    @property
    def healthy(self) -> bool:
        return (
            self.readable
            and not self.integrity_problems
            and not self.foreign_key_problems
            and self.is_navdesk
            and self.schema in (SchemaState.CURRENT, SchemaState.OLDER)
        )


def backup(db: Database, out: Path | None = None, *, now: datetime | None = None) -> BackupResult:
    """Copy the database to `out` (default: a time-stamped file in the backup folder); never overwrites."""
    source = _existing_sqlite_file(db)
    if out is None:
        out = _free_name(config.backup_dir(), f"navdesk-{(now or datetime.now()):%Y%m%d-%H%M%S}")
    out = out.expanduser()
    if out.exists():
        raise UserError(
            _("{path} already exists. navdesk does not overwrite files; choose another name.").format(
                path=out
            )
        )
    try:
        copy_database(source, out)
    except (sqlite3.Error, OSError) as error:
        raise UserError(_("The backup could not be written: {reason}").format(reason=error)) from error
    return BackupResult(path=out, size_bytes=out.stat().st_size)


def restore(db: Database, source: Path, *, backup_dir: Path | None = None,
            now: datetime | None = None) -> RestoreResult:
    """Replace the database with a navdesk backup, after checking the backup and saving the current one.

    The backup is checked and brought to the current schema in a private copy first, so that a refused
    or failing restore leaves the current database exactly as it was.
    """
    if not db.is_sqlite or db.path is None:
        raise UserError(_postgresql_message(restoring=True))
    target = db.path
    source = source.expanduser()
    if not source.is_file():
        raise UserError(_("There is no file {path}.").format(path=source))
    db.dispose()
    with tempfile.TemporaryDirectory(prefix=".navdesk-restore-", dir=_existing_folder(target)) as folder:
        copy = Path(folder) / "restore.sqlite"
        try:
            _copy_with_sidecars(source, copy)
        except OSError as error:
            raise UserError(_("{path} cannot be read: {reason}").format(path=source, reason=error)) from error
        restored_revision = _refuse_unless_restorable(copy, source)
        _upgrade_copy(copy)
        try:
            safety = _safety_backup(target, backup_dir or config.backup_dir(), now or datetime.now())
        except OSError as error:
            message = _("The current database could not be backed up first; nothing was restored: {reason}")
            raise UserError(message.format(reason=error)) from error
        _replace(copy, target)
    return RestoreResult(source=source, database=target, safety_backup=safety,
                         restored_revision=restored_revision, revision=head_revision())


def check(db: Database) -> CheckReport:
    """Integrity, foreign keys and schema version, read without changing anything."""
    if not db.is_sqlite or db.path is None:
        return _check_server(db)
    path = db.path
    if not path.is_file():
        raise UserError(_("There is no database at {path}.").format(path=path))
    return inspect_file(path, shown_as=str(path))


def refuse_foreign_database(target: str | Path) -> None:
    """Refuse, before anything is written, a SQLite file that holds something other than navdesk."""
    path = sqlite_path(url_for(target))
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return
    # No integrity check here: it reads every page, seconds on a large database at every start.
    report = inspect_file(path, shown_as=str(path), integrity=False)
    if not report.readable:
        message = _(
            "navdesk cannot open the database {path}: it is not a SQLite database, or it is damaged. "
            "navdesk leaves it alone. If it is your navdesk database, restore the latest backup with "
            "“navdesk restore FILE”."
        )
        raise UserError(message.format(path=path))
    if report.schema is SchemaState.MISSING and _table_count(path) > 0:
        raise UserError(_("{path} holds another program's data; navdesk leaves it alone.").format(path=path))


def _table_count(path: Path) -> int:
    connection = _read_only(path)
    try:
        row = connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    finally:
        connection.close()
    return int(row[0])


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect_file(path: Path, *, shown_as: str, integrity: bool = True) -> CheckReport:
    head = head_revision()
    if not looks_like_sqlite(path):
        return _unreadable(shown_as, head)
    try:
        connection = _read_only(path)
    except sqlite3.Error:
        return _unreadable(shown_as, head)
    try:
        integrity_problems: tuple[str, ...] = ()
        foreign_key_problems: tuple[str, ...] = ()
        if integrity:
            pages = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            integrity_problems = tuple(row for row in pages if row != "ok")[:MAX_LISTED_PROBLEMS]
            foreign_key_problems = _foreign_key_problems(connection)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = _single_value(connection, "SELECT version_num FROM alembic_version") if (
            "alembic_version" in tables) else None
        application = _single_value(connection, "SELECT value FROM setting WHERE key = ?",
                                    settings.APPLICATION_KEY) if "setting" in tables else None
    except sqlite3.DatabaseError as error:
        return _unreadable(shown_as, head, str(error))
    finally:
        connection.close()
    return CheckReport(
        database=shown_as,
        readable=True,
        integrity_problems=integrity_problems,
        foreign_key_problems=foreign_key_problems,
        is_navdesk=application == settings.APPLICATION_VALUE and revision is not None,
        revision=revision,
        head=head,
        schema=_schema_state(revision, head),
        integrity_checked=integrity,
    )


def _check_server(db: Database) -> CheckReport:
    head = head_revision()
    try:
        revision = current_revision(db)
        with db.engine.connect() as connection:
            has_settings = sa_inspect(connection).has_table("setting")
            application = connection.execute(
                text("SELECT value FROM setting WHERE key = :key"), {"key": settings.APPLICATION_KEY}
            ).scalar() if has_settings else None
    except OperationalError as error:
        raise UserError(
            _("navdesk cannot reach the database server: {reason}").format(reason=error.orig)
        ) from error
    return CheckReport(
        database=db.url.render_as_string(hide_password=True),
        readable=True,
        integrity_problems=(),
        foreign_key_problems=(),
        is_navdesk=application == settings.APPLICATION_VALUE and revision is not None,
        revision=revision,
        head=head,
        schema=_schema_state(revision, head),
        integrity_checked=False,
    )


def _unreadable(shown_as: str, head: str, reason: str = "") -> CheckReport:
    problems = (reason,) if reason else ()
    return CheckReport(
        database=shown_as,
        readable=False,
        integrity_problems=problems,
        foreign_key_problems=(),
        is_navdesk=False,
        revision=None,
        head=head,
        schema=SchemaState.MISSING,
    )


def _foreign_key_problems(connection: sqlite3.Connection) -> tuple[str, ...]:
    counts = Counter((row[0], row[2]) for row in connection.execute("PRAGMA foreign_key_check"))
    message = _("{table}: {count} rows refer to missing rows in {parent}")
    return tuple(
        message.format(table=table, count=count, parent=parent)
        for (table, parent), count in sorted(counts.items())
    )[:MAX_LISTED_PROBLEMS]


def _single_value(connection: sqlite3.Connection, sql: str, *params: str) -> str | None:
    row = connection.execute(sql, params).fetchone()
    return None if row is None else str(row[0])


def _schema_state(revision: str | None, head: str) -> SchemaState:
    if revision is None:
        return SchemaState.MISSING
    if revision == head:
        return SchemaState.CURRENT
    return SchemaState.OLDER if revision in known_revisions() else SchemaState.NEWER


def _refuse_unless_restorable(copy: Path, source: Path) -> str:
    """The schema version of a good navdesk backup; anything else is refused with the reason."""
    if not looks_like_sqlite(copy):
        raise UserError(
            _("{path} is not a SQLite database, so it cannot be a navdesk backup.").format(path=source)
        )
    report = inspect_file(copy, shown_as=str(source))
    if not report.readable or report.integrity_problems or report.foreign_key_problems:
        raise UserError(
            _("{path} is damaged (the integrity check failed); it was not restored.").format(path=source)
        )
    if not report.is_navdesk or report.revision is None:
        raise UserError(_("{path} is not a navdesk database; it was not restored.").format(path=source))
    if report.schema is SchemaState.NEWER:
        raise UserError(
            _(
                "{path} was made by a newer version of navdesk (schema {revision}). "
                "Install the newer version to restore it."
            ).format(path=source, revision=report.revision)
        )
    return report.revision


def _upgrade_copy(copy: Path) -> None:
    database = Database(copy, check_location=False)
    try:
        upgrade(database)
    finally:
        database.dispose()


def _safety_backup(target: Path, backup_dir: Path, now: datetime) -> Path | None:
    if not target.is_file():
        return None
    destination = _free_name(backup_dir, f"before-restore-{now:%Y%m%d-%H%M%S}")
    try:
        return copy_database(target, destination)
    except sqlite3.DatabaseError:
        # A damaged database is what one restores over; keep its raw files instead.
        _copy_with_sidecars(target, destination)
        return destination


def _replace(copy: Path, target: Path) -> None:
    try:
        restore_into(copy, target)
    except sqlite3.DatabaseError:
        # The current file is too damaged to be written page by page (its safety copy is kept).
        remove_database_files(target)
        restore_into(copy, target)


def _copy_with_sidecars(source: Path, destination: Path) -> None:
    """A file copy that includes a write-ahead log next to it, whose pages belong to the database."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    wal = Path(str(source) + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, Path(str(destination) + "-wal"))


def _existing_sqlite_file(db: Database) -> Path:
    if not db.is_sqlite or db.path is None:
        raise UserError(_postgresql_message(restoring=False))
    if not db.path.is_file():
        raise UserError(_("There is no database at {path}.").format(path=db.path))
    return db.path


def _postgresql_message(restoring: bool) -> str:
    if restoring:
        return _(
            "This database runs on a PostgreSQL server. Restore it with the server's own tools (pg_restore)."
        )
    return _("This database runs on a PostgreSQL server. Back it up with the server's own tools (pg_dump).")


def _existing_folder(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.parent


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem}.sqlite"
    counter = 1
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.sqlite"
        counter += 1
    return candidate
