"""Automatic backups: one a day at start-up, one before each migration, rotated, never the hand-made ones."""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select

from navdesk import config
from navdesk.services import backups, startup
from navdesk.services.backups import BackupKind
from navdesk.store.engine import Database
from navdesk.store.migrate import alembic_config, current_revision, head_revision, known_revisions
from navdesk.store.models import Municipality

pytestmark = pytest.mark.sqlite_only
MORNING = datetime(2026, 3, 2, 8, 15, 0)


def touch(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"")
    return path


def names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def municipalities_in(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM municipality").fetchone()[0])
    finally:
        connection.close()


def test_the_first_start_of_the_day_makes_a_backup_and_later_starts_do_not(db: Database) -> None:
    with db.session() as session:
        session.add(Municipality(number="3324", name="Gol"))
    made = backups.daily_backup(db, now=MORNING)
    assert made is not None and made.kind is BackupKind.AUTOMATIC
    assert made.path == backups.folder_for(db) / "auto-20260302-081500.sqlite"
    assert municipalities_in(made.path) == 1
    assert backups.daily_backup(db, now=MORNING + timedelta(hours=9)) is None
    tomorrow = backups.daily_backup(db, now=MORNING + timedelta(days=1))
    assert tomorrow is not None and tomorrow.path != made.path
    assert backups.last_backup(db) == tomorrow


def test_a_backup_made_by_hand_today_counts_as_todays(db: Database) -> None:
    folder = backups.folder_for(db)
    assert folder is not None
    touch(folder, "navdesk-20260302-070000.sqlite")
    assert not backups.backup_is_due(db, MORNING)
    assert backups.daily_backup(db, now=MORNING) is None
    last = backups.last_backup(db)
    assert last is not None and last.kind is BackupKind.MANUAL and last.made_at == datetime(2026, 3, 2, 7, 0)


def test_rotation_keeps_14_daily_and_12_monthly_and_never_hand_made_ones(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    first = datetime(2024, 1, 1, 8, 0)
    for day in range(800):  # two backups a day for over two years
        for hour in (8, 13):
            moment = first + timedelta(days=day, hours=hour - 8)
            touch(folder, f"auto-{moment:%Y%m%d-%H%M%S}.sqlite")
    for index in range(8):
        touch(folder, f"before-migration-000{index}-2025010{index + 1}-120000.sqlite")
    kept_by_hand = {
        "navdesk-20240105-100000.sqlite",
        "before-restore-20240106-100000.sqlite",
        "my-own-copy.sqlite",
    }
    for name in kept_by_hand:
        touch(folder, name)
    stale = touch(folder, "auto-20260101-000000.sqlite.partial")
    os.utime(stale, (stale.stat().st_atime, stale.stat().st_mtime - 2 * backups.STALE_PARTIAL_SECONDS))
    touch(folder, "auto-20270101-000000.sqlite.partial")  # another program's copy, being written now

    backups.rotate(folder)

    automatic = sorted(
        info.made_at for info in backups.list_backups(folder) if info.kind is BackupKind.AUTOMATIC
    )
    last_day = (first + timedelta(days=799)).date()
    daily = [moment for moment in automatic if moment.date() > last_day - timedelta(days=14)]
    assert [moment.date() for moment in daily] == [last_day - timedelta(days=n) for n in range(13, -1, -1)]
    assert all(moment.hour == 13 for moment in automatic)  # the newest of its day
    months = {(moment.year, moment.month) for moment in automatic}
    assert len(months) == 12 and max(months) == (last_day.year, last_day.month)
    assert len(automatic) == len(
        set(daily) | {max(m for m in automatic if (m.year, m.month) == ym) for ym in months}
    )
    migrations = sorted(
        info.path.name for info in backups.list_backups(folder) if info.kind is BackupKind.BEFORE_MIGRATION
    )
    assert migrations == [f"before-migration-000{i}-2025010{i + 1}-120000.sqlite" for i in range(3, 8)]
    assert kept_by_hand <= names(folder)
    assert [path.name for path in folder.glob("*.partial")] == ["auto-20270101-000000.sqlite.partial"]


def test_backups_of_the_usual_database_and_of_another_file_are_kept_apart(tmp_path: Path) -> None:
    usual = Database(config.default_database())
    other = Database(tmp_path / "kontor.sqlite")
    assert backups.folder_for(usual) == config.backup_dir()
    other_folder = backups.folder_for(other)
    assert other_folder is not None and other_folder.parent == config.backup_dir()
    assert other_folder.name.startswith("kontor-")
    touch(config.backup_dir(), "auto-20260302-080000.sqlite")
    assert backups.last_backup(usual) is not None and backups.last_backup(other) is None
    usual.dispose()
    other.dispose()


def test_a_server_database_has_no_file_backups(tmp_path: Path) -> None:
    server = Database("postgresql+psycopg://navdesk@localhost/navdesk")
    assert backups.folder_for(server) is None
    assert backups.last_backup(server) is None
    assert backups.daily_backup(server, now=MORNING) is None
    server.dispose()


def test_the_desk_start_makes_the_days_backup_alongside(db: Database) -> None:
    startup.database_state(db)
    for thread in threading.enumerate():
        if thread.name == "navdesk-backup":
            thread.join(timeout=60)
    last = backups.last_backup(db)
    assert last is not None and last.kind is BackupKind.AUTOMATIC and last.made_at.date() == date.today()


def older_database(path: Path) -> None:
    """A database at the schema before the newest, as an earlier navdesk left it."""
    revisions = sorted(known_revisions())
    database = Database(path)
    with database.engine.begin() as connection:
        command.upgrade(alembic_config(connection), revisions[-2])
        connection.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('application', 'navdesk')")
    database.dispose()


@pytest.mark.skipif(len(known_revisions()) < 2, reason="needs a schema older than the newest")
def test_a_migration_backs_up_first_and_old_migration_backups_do_not_pile_up(tmp_path: Path) -> None:
    path = tmp_path / "kontor.sqlite"
    older_database(path)
    folder = backups.folder_for(Database(path))
    assert folder is not None
    for index in range(7):
        touch(folder, f"before-migration-0000-2020010{index + 1}-120000.sqlite")

    db = startup.open_database(path)
    assert current_revision(db) == head_revision()
    db.dispose()

    kept = [info for info in backups.list_backups(folder) if info.kind is BackupKind.BEFORE_MIGRATION]
    assert len(kept) == backups.BEFORE_MIGRATION_KEPT
    newest = kept[0]
    assert newest.made_at.date() == date.today()
    old = Database(newest.path)
    assert current_revision(old) == sorted(known_revisions())[-2]
    with old.session() as session:
        assert session.scalar(select(func.count()).select_from(Municipality)) == 0
    old.dispose()
