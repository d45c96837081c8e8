"""Engine and sessions: SQLite on one desk, PostgreSQL for several desks, same schema."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from navdesk.domain.errors import UserError
from navdesk.i18n import _

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p", "afs", "ncpfs"}


class EnvironmentProblem(UserError):
    """The database cannot be used where it is (network share, unreadable, locked ...)."""


def url_for(target: str | Path) -> URL:
    """A database URL from what the user gave: a file path or a full SQLAlchemy URL."""
    text = str(target)
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().resolve()))


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def is_network_path(path: Path) -> bool:
    """True when `path` lies on a network share, where SQLite's locking and WAL do not work."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0]
        if drive:
            drive_remote = 4
            return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]
        return False
    return _mount_fstype(path) in NETWORK_FILESYSTEMS


def _mount_fstype(path: Path) -> str:
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        return ""
    best, fstype = "", ""
    resolved = str(path.resolve())
    for line in mounts.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, fstype = mount_point, parts[2]
    return fstype


# SQLite's page cache per connection, in KiB (the default is 2 MB). A search looks up each matching person
# by rowid, all over a person table of tens of megabytes; with the hot pages kept, a broad search is about a
# fifth quicker. A cache only takes the memory it fills.
CACHE_KIB = 16 * 1024
# How long a desk waits for another desk's write to finish before it says the database is busy.
BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(target: str | Path | URL, *, check_location: bool = True) -> Engine:
    url = target if isinstance(target, URL) else url_for(target)
    path = sqlite_path(url)
    if path is not None:
        if check_location and is_network_path(path.parent if not path.exists() else path):
            raise EnvironmentProblem(
                _(
                    "The database {path} is on a network share. SQLite cannot work safely there. "
                    "Keep the database on this computer, or set up a PostgreSQL server for several "
                    "desks (see the README)."
                ).format(path=path)
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """One database: the engine and a session per user action."""

    def __init__(self, target: str | Path | URL, *, check_location: bool = True) -> None:
        self.engine = make_engine(target, check_location=check_location)
        self.url = self.engine.url
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back entirely on any error."""
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
