"""Problems of the surroundings get a message saying what to do: read-only, locked, damaged, network share."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from navdesk.domain.errors import UserError
from navdesk.services import backups, environment
from navdesk.services.startup import open_database
from navdesk.store import engine
from navdesk.store.engine import EnvironmentProblem

pytestmark = pytest.mark.usefixtures("english")
ReadOnly = Callable[[Path], AbstractContextManager[None]]  # the read_only fixture of tests/conftest.py


@pytest.fixture
def database(empty_template: Path, tmp_path: Path) -> Path:
    """A navdesk database file nobody has open."""
    return Path(shutil.copyfile(empty_template, tmp_path / "kontor.sqlite"))


def digest(path: Path) -> bytes:
    return path.read_bytes()


def test_a_read_only_database_is_refused_at_start_and_says_what_to_do(
    database: Path, read_only: ReadOnly
) -> None:
    with read_only(database), pytest.raises(EnvironmentProblem) as refused:
        open_database(database)
    message = refused.value.message
    assert "read-only" in message and str(database.parent) in message
    assert "write access" in message and "--db" in message


def test_sqlites_read_only_error_is_explained_wherever_it_arises(database: Path) -> None:
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            connection.execute("DELETE FROM setting")
    finally:
        connection.close()
    wrapped = OperationalError("DELETE FROM setting", {}, raised.value)
    for error in (raised.value, wrapped):
        message = environment.explain(error, str(database))
        assert message is not None and "read-only" in message


def test_a_locked_database_is_refused_at_start_and_left_unchanged(database: Path) -> None:
    before = digest(database)
    holder = sqlite3.connect(database)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of writing, and not letting go
    try:
        with pytest.raises(EnvironmentProblem, match="locked by another program") as refused:
            open_database(database)
    finally:
        holder.rollback()
        holder.close()
    assert "Close that program" in refused.value.message and "PostgreSQL" in refused.value.message
    assert digest(database) == before


def test_a_damaged_database_is_refused_and_the_backups_are_pointed_to(database: Path) -> None:
    with database.open("r+b") as handle:  # the schema page, as a failing disk might leave it
        handle.seek(100)
        handle.write(bytes((index * 53 + 7) % 256 for index in range(3000)))
    before = digest(database)
    with pytest.raises(UserError) as refused:
        open_database(database)
    message = refused.value.message
    assert "damaged" in message and "navdesk restore" in message
    assert digest(database) == before


def test_sqlites_damage_errors_name_the_backup_folder(database: Path) -> None:
    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorname = "SQLITE_CORRUPT"  # type: ignore[attr-defined]
    message = environment.explain(error, str(database))
    assert message is not None and str(backups.folder_for_path(database)) in message


def test_a_database_on_a_network_share_is_refused_and_postgresql_suggested(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "_mount_fstype", lambda path: "cifs")
    with pytest.raises(EnvironmentProblem) as refused:
        open_database(database)
    assert "network share" in refused.value.message and "PostgreSQL" in refused.value.message


def test_an_unreachable_server_is_explained_without_its_password() -> None:
    target = "postgresql+psycopg://navdesk:hemmelig@127.0.0.1:1/navdesk"
    with pytest.raises(EnvironmentProblem) as refused:
        open_database(target)
    message = refused.value.message
    assert "cannot reach the database server" in message and "127.0.0.1" in message
    assert "hemmelig" not in message


def test_a_malformed_address_is_explained() -> None:
    with pytest.raises(EnvironmentProblem, match="neither a database file nor a database address"):
        open_database("nosuchdriver://somewhere/navdesk")


def test_bugs_are_not_dressed_up_as_environment_problems() -> None:
    for bug in (ValueError("bad value"), KeyError("missing"), AttributeError("no such thing")):
        assert environment.explain(bug, "navdesk.sqlite") is None
