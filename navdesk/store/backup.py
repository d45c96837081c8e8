"""Copies of a SQLite database made with SQLite's own backup API (safe while it is in use)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from navdesk.store.engine import Database

SQLITE_HEADER = b"SQLite format 3\x00"
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")


def backup_to(db: Database, destination: Path) -> Path:
    source_path = db.path
    if source_path is None:
        raise ValueError("backup_to works on SQLite databases only")
    return copy_database(source_path, destination)


def copy_database(source_path: Path, destination: Path) -> Path:
    """Copy with the backup API into a new file that appears only when complete (never half-written)."""
    if not source_path.is_file():  # sqlite3.connect would create an empty database there
        raise FileNotFoundError(source_path)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    remove_database_files(partial)
    try:
        source = sqlite3.connect(str(source_path))
        try:
            target = sqlite3.connect(str(partial))
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        os.replace(partial, destination)
    except BaseException:
        remove_database_files(partial)
        raise
    return destination


def restore_into(source_path: Path, destination: Path) -> None:
    """Replace the content of `destination` (created if missing) with `source_path`, page by page."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(source_path))
    try:
        target = sqlite3.connect(str(destination))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def remove_database_files(path: Path) -> None:
    """Delete a database file and its journal files, where they exist."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SIDECAR_SUFFIXES)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
