"""Backup, restore and check: a refused restore changes nothing; a restore brings the old content back."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from navdesk import config
from navdesk.domain.errors import UserError
from navdesk.services.maintenance import SchemaState, backup, check, restore
from navdesk.store.engine import Database
from navdesk.store.migrate import head_revision
from navdesk.store.models import Person, Staff


def people(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_damaged(path: Path) -> Path:
    """Overwrite the start of the person table's first page, as a failing disk might."""
    with sqlite3.connect(path) as connection:
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'person'").fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes((index * 37 + 11) % 256 for index in range(100)))
    return path


def make_too_new(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    connection.close()
    return path


def make_foreign_sqlite(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute("INSERT INTO recipes VALUES ('lapskaus')")
    connection.close()
    return path


def copy_of(db: Database, target: Path) -> Path:
    assert db.path is not None
    db.dispose()
    return Path(shutil.copyfile(db.path, target))


@pytest.mark.sqlite_only
def test_backup_copies_the_database_and_never_overwrites_a_file(demo_db: Database, tmp_path: Path) -> None:
    result = backup(demo_db, tmp_path / "copy.sqlite")
    assert result.path == tmp_path / "copy.sqlite" and result.size_bytes > 0
    copy = Database(result.path)
    assert people(copy) == people(demo_db) == 300
    copy.dispose()
    with pytest.raises(UserError):
        backup(demo_db, tmp_path / "copy.sqlite")
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.sqlite_only
def test_backup_by_default_goes_to_a_time_stamped_file_in_the_backup_folder(demo_db: Database) -> None:
    moment = datetime(2025, 3, 1, 12, 30, 5)
    first = backup(demo_db, now=moment)
    second = backup(demo_db, now=moment)
    assert first.path == config.backup_dir() / "navdesk-20250301-123005.sqlite"
    assert second.path != first.path and second.path.parent == config.backup_dir()


def test_backup_of_a_missing_database_is_refused_without_creating_it(tmp_path: Path) -> None:
    missing = Database(tmp_path / "missing.sqlite")
    with pytest.raises(UserError):
        backup(missing, tmp_path / "out.sqlite")
    missing.dispose()
    assert not (tmp_path / "missing.sqlite").exists() and not (tmp_path / "out.sqlite").exists()


def renamed(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Person).where(Person.last_name == "Endret")) or 0


@pytest.mark.sqlite_only
def test_restore_brings_the_backed_up_content_back_and_keeps_the_replaced_database(
    demo_db: Database, tmp_path: Path
) -> None:
    saved = backup(demo_db, tmp_path / "saved.sqlite").path
    with demo_db.session() as session:
        session.execute(update(Person).values(last_name="Endret"))
        session.add(Staff(login="nyansatt", name="Ny Ansatt"))
    assert renamed(demo_db) == 300
    result = restore(demo_db, saved, backup_dir=tmp_path / "safety")
    assert renamed(demo_db) == 0 and people(demo_db) == 300
    with demo_db.session() as session:
        assert session.scalar(select(Staff).where(Staff.login == "nyansatt")) is None
    assert result.revision == head_revision() and result.restored_revision == head_revision()
    assert result.safety_backup is not None and result.safety_backup.parent == tmp_path / "safety"
    safety = Database(result.safety_backup)
    assert renamed(safety) == 300
    safety.dispose()
    assert check(demo_db).healthy


@pytest.mark.sqlite_only
def test_restore_into_a_missing_database_creates_it(demo_db: Database, tmp_path: Path) -> None:
    saved = backup(demo_db, tmp_path / "saved.sqlite").path
    fresh = Database(tmp_path / "new" / "navdesk.sqlite")
    result = restore(fresh, saved, backup_dir=tmp_path / "safety")
    assert result.safety_backup is None
    assert people(fresh) == 300
    fresh.dispose()


@pytest.mark.sqlite_only
def test_restore_replaces_a_damaged_database(demo_db: Database, tmp_path: Path) -> None:
    saved = backup(demo_db, tmp_path / "saved.sqlite").path
    damaged = Database(make_damaged(copy_of(demo_db, tmp_path / "damaged.sqlite")))
    assert not check(damaged).healthy
    result = restore(damaged, saved, backup_dir=tmp_path / "safety")
    assert check(damaged).healthy and people(damaged) == 300
    assert result.safety_backup is not None and result.safety_backup.exists()
    damaged.dispose()


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("text", "not a SQLite database"),
        ("foreign", "not a navdesk database"),
        ("too_new", "newer version"),
        ("damaged", "damaged"),
    ],
)
def test_restore_refuses_what_is_not_a_good_navdesk_backup_and_changes_nothing(
    demo_db: Database, tmp_path: Path, english: None, kind: str, reason: str
) -> None:
    if kind == "text":
        source = tmp_path / "notes.txt"
        source.write_text("Dette er ikke en database.\n" * 50)
    elif kind == "foreign":
        source = make_foreign_sqlite(tmp_path / "recipes.sqlite")
    elif kind == "too_new":
        source = make_too_new(copy_of(demo_db, tmp_path / "future.sqlite"))
    else:
        source = make_damaged(copy_of(demo_db, tmp_path / "broken.sqlite"))
    assert demo_db.path is not None
    demo_db.dispose()
    before = digest(demo_db.path)
    with pytest.raises(UserError, match=reason):
        restore(demo_db, source, backup_dir=tmp_path / "safety")
    assert digest(demo_db.path) == before
    assert not (tmp_path / "safety").exists()
    assert not list(demo_db.path.parent.glob(".navdesk-restore-*"))


def test_restore_of_a_missing_file_is_refused(demo_db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        restore(demo_db, tmp_path / "nowhere.sqlite")


def test_check_reports_a_healthy_database(demo_db: Database) -> None:
    report = check(demo_db)
    assert report.healthy and report.readable and report.is_navdesk
    assert report.schema is SchemaState.CURRENT and report.revision == report.head == head_revision()
    assert report.integrity_problems == () and report.foreign_key_problems == ()


@pytest.mark.sqlite_only
def test_check_reports_damage_an_unknown_schema_and_a_foreign_database(
    demo_db: Database, tmp_path: Path
) -> None:
    damaged = Database(make_damaged(copy_of(demo_db, tmp_path / "damaged.sqlite")))
    too_new = Database(make_too_new(copy_of(demo_db, tmp_path / "future.sqlite")))
    foreign = Database(make_foreign_sqlite(tmp_path / "recipes.sqlite"))
    reports = {
        name: check(db) for name, db in (("damaged", damaged), ("too_new", too_new), ("foreign", foreign))
    }
    for db in (damaged, too_new, foreign):
        db.dispose()
    assert not any(report.healthy for report in reports.values())
    assert not reports["damaged"].readable
    assert reports["too_new"].schema is SchemaState.NEWER and reports["too_new"].readable
    assert reports["foreign"].schema is SchemaState.MISSING and not reports["foreign"].is_navdesk


@pytest.mark.sqlite_only
def test_check_reports_rows_that_point_nowhere(demo_db: Database, tmp_path: Path) -> None:
    path = copy_of(demo_db, tmp_path / "orphans.sqlite")
    with sqlite3.connect(path) as connection:  # foreign keys are off in a plain connection
        connection.execute("DELETE FROM municipality WHERE number = '3320'")
    connection.close()
    orphans = Database(path)
    report = check(orphans)
    orphans.dispose()
    assert not report.healthy and report.readable
    assert any("person" in problem for problem in report.foreign_key_problems)


def test_a_missing_database_cannot_be_checked(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        check(Database(tmp_path / "missing.sqlite"))
    assert not (tmp_path / "missing.sqlite").exists()


def test_on_postgresql_backup_and_restore_point_to_the_servers_own_tools(
    tmp_path: Path, english: None
) -> None:
    server = Database("postgresql+psycopg://navdesk@localhost/navdesk")
    with pytest.raises(UserError, match="pg_dump"):
        backup(server, tmp_path / "out.sqlite")
    with pytest.raises(UserError, match="pg_restore"):
        restore(server, tmp_path / "in.sqlite")
    server.dispose()
    assert not (tmp_path / "out.sqlite").exists()
