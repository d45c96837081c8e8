"""The GUI's start meets a database it cannot use: one message saying what to do, no traceback, no window."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from navdesk.store import engine
from navdesk.ui import app
from navdesk.ui.app import Desk

ReadOnly = Callable[[Path], AbstractContextManager[None]]  # the read_only fixture of tests/conftest.py


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(app, "tell_user", lambda text, parent=None: messages.append(text))
    return messages


@pytest.fixture
def start(qtbot: QtBot, told: list[str], english: None) -> Iterator[Callable[[str], bool]]:
    """Start a desk on `target`; whether it got as far as an open database (it opens on the worker)."""
    desks: list[Desk] = []

    def started(target: str) -> bool:
        desk = Desk(target)
        desks.append(desk)
        desk.start()
        qtbot.waitUntil(lambda: desk.failed or desk.db is not None, timeout=15_000)
        return not desk.failed

    yield started
    for desk in desks:
        desk.shutdown()


@pytest.fixture
def database(empty_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(empty_template, tmp_path / "kontor.sqlite"))


def test_a_read_only_database(
    start: Callable[[str], bool], told: list[str], database: Path, read_only: ReadOnly
) -> None:
    with read_only(database):
        assert not start(str(database))
    assert len(told) == 1 and "read-only" in told[0] and "write access" in told[0]


def test_a_database_on_a_network_share(
    start: Callable[[str], bool], told: list[str], database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "_mount_fstype", lambda path: "smb3")
    assert not start(str(database))
    assert "network share" in told[0] and "PostgreSQL" in told[0]


def test_a_database_damaged_where_its_tables_are_listed(
    start: Callable[[str], bool], told: list[str], database: Path
) -> None:
    with sqlite3.connect(database) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with database.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff" * (page_size - 100))
    assert not start(str(database))
    assert "damaged" in told[0] and "navdesk restore" in told[0]


def test_an_unreachable_server_without_its_password(start: Callable[[str], bool], told: list[str]) -> None:
    assert not start("postgresql+psycopg://navdesk:hemmelig@127.0.0.1:1/navdesk")
    assert "cannot reach the database server" in told[0] and "hemmelig" not in told[0]
