"""Copies of a SQLite database made with SQLite's own backup API (safe while it is in use)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from navdesk.store.engine import Database


def backup_to(db: Database, destination: Path) -> Path:
    source_path = db.path
    if source_path is None:
        raise ValueError("backup_to works on SQLite databases only")
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
    return destination
