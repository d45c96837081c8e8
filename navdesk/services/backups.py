"""Automatic backups of a SQLite database: one a day at start-up, one before every migration, rotated.

Backups of the database in the user data folder go to `config.backup_dir()`; those of any other file
to a folder of its own inside it, so that one database's backups never stand in for another's. The
kind and the moment of each backup are in its file name, which is all the rotation needs:
- automatic (`auto-…`): the newest of each of the last 14 days and of each of the last 12 months stay;
- before a migration (`before-migration-…`): the newest five stay;
- made by hand with `navdesk backup` or before a restore: never deleted by navdesk.
A PostgreSQL server is backed up with its own tools; nothing here applies to it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from navdesk import config
from navdesk.store.backup import copy_database, remove_database_files
from navdesk.store.engine import Database

log = logging.getLogger(__name__)

DAILY_KEPT = 14
MONTHLY_KEPT = 12
BEFORE_MIGRATION_KEPT = 5
STALE_PARTIAL_SECONDS = 24 * 3600
STAMP_FORMAT = "%Y%m%d-%H%M%S"
_STAMP = r"(?P<stamp>\d{8}-\d{6})(?:-\d+)?"


class BackupKind(StrEnum):
    AUTOMATIC = "automatic"
    BEFORE_MIGRATION = "before_migration"
    BEFORE_RESTORE = "before_restore"
    MANUAL = "manual"


_NAMES = {
    BackupKind.AUTOMATIC: re.compile(rf"auto-{_STAMP}\.sqlite"),
    BackupKind.BEFORE_MIGRATION: re.compile(rf"before-migration-.+-{_STAMP}\.sqlite"),
    BackupKind.BEFORE_RESTORE: re.compile(rf"before-restore-{_STAMP}\.sqlite"),
    BackupKind.MANUAL: re.compile(rf"navdesk-{_STAMP}\.sqlite"),
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    kind: BackupKind

    @property
    def folder(self) -> Path:
        return self.path.parent


def folder_for(db: Database) -> Path | None:
    """Where this database's backups go; None for a server database (PostgreSQL)."""
    return None if db.path is None else folder_for_path(db.path)


def folder_for_path(path: Path) -> Path:
    """Where the backups of the database file `path` go."""
    if _same_file(path, config.default_database()):
        return config.backup_dir()
    code = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    return config.backup_dir() / f"{path.stem}-{code}"


def _same_file(a: Path, b: Path) -> bool:
    return a.expanduser().resolve() == b.expanduser().resolve()


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups navdesk made in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite"):
        info = _parse(path)
        if info is not None:
            found.append(info)
    return sorted(found, key=lambda info: (info.made_at, info.path.name), reverse=True)


def _parse(path: Path) -> BackupInfo | None:
    for kind, pattern in _NAMES.items():
        match = pattern.fullmatch(path.name)
        if match:
            try:
                return BackupInfo(path, datetime.strptime(match["stamp"], STAMP_FORMAT), kind)
            except ValueError:
                return None
    return None


def last_backup(db: Database) -> BackupInfo | None:
    """The newest backup of this database, of any kind, or None (always None on PostgreSQL)."""
    folder = folder_for(db)
    if folder is None:
        return None
    backups = list_backups(folder)
    return backups[0] if backups else None


def backup_is_due(db: Database, now: datetime | None = None) -> bool:
    """Due when there is a database file and no backup of it was made today (or ever)."""
    if db.path is None or not db.path.is_file():
        return False
    last = last_backup(db)
    return last is None or last.made_at.date() < (now or datetime.now()).date()


def daily_backup(db: Database, *, now: datetime | None = None) -> BackupInfo | None:
    """Make today's automatic backup if none was made yet, then rotate; the new backup, or None."""
    if not backup_is_due(db, now):
        return None
    folder = folder_for(db)
    assert folder is not None and db.path is not None
    moment = (now or datetime.now()).replace(microsecond=0)
    destination = _free_name(folder, f"auto-{moment.strftime(STAMP_FORMAT)}")
    copy_database(db.path, destination)
    rotate(folder)
    return BackupInfo(destination, moment, BackupKind.AUTOMATIC)


def start_daily_backup(db: Database, *, now: datetime | None = None) -> threading.Thread | None:
    """Run `daily_backup` on a thread of its own, so that a large database does not delay the first screen.

    SQLite's backup API reads a consistent snapshot while the desk goes on working (WAL). The thread is
    not a daemon: a program closed at once waits for the copy to finish rather than leave half a file.
    """
    if not backup_is_due(db, now):
        return None

    def run() -> None:
        # Only the file is read, through a connection of the copy's own: nothing is shared with the desk.
        try:
            daily_backup(db, now=now)
        except (OSError, sqlite3.Error):
            log.warning("the automatic backup of %s failed", db.path, exc_info=True)

    thread = threading.Thread(target=run, name="navdesk-backup")
    thread.start()
    return thread


def rotate(folder: Path) -> list[Path]:
    """Delete the automatic and before-migration backups that the retention rules no longer keep."""
    backups = list_backups(folder)
    automatic = [info for info in backups if info.kind is BackupKind.AUTOMATIC]
    keep = {info.path for info in kept_automatic(automatic)}
    migrations = [info for info in backups if info.kind is BackupKind.BEFORE_MIGRATION]
    keep |= {info.path for info in migrations[:BEFORE_MIGRATION_KEPT]}
    removed = [info.path for info in automatic + migrations if info.path not in keep]
    for path in removed:
        remove_database_files(path)
    for partial in folder.glob("*.partial"):
        # Left by a copy the program did not live to finish; a recent one may still be being written.
        if time.time() - partial.stat().st_mtime > STALE_PARTIAL_SECONDS:
            remove_database_files(partial)
    return removed


def kept_automatic(backups: Iterable[BackupInfo]) -> list[BackupInfo]:
    """The newest backup of each of the last 14 days that have one, and of each of the last 12 months."""
    days: dict[date, BackupInfo] = {}
    months: dict[tuple[int, int], BackupInfo] = {}
    for info in sorted(backups, key=lambda b: b.made_at, reverse=True):
        days.setdefault(info.made_at.date(), info)
        months.setdefault((info.made_at.year, info.made_at.month), info)
    kept = list(days.values())[:DAILY_KEPT] + list(months.values())[:MONTHLY_KEPT]
    return sorted(set(kept), key=lambda b: b.made_at, reverse=True)


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem}.sqlite"
    counter = 1
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.sqlite"
        counter += 1
    return candidate
