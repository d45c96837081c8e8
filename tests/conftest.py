"""Shared fixtures: a migrated template database, copied per test so that tests never share state."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Preferences, logs and backups go to the test's own folder, never the developer's."""
    monkeypatch.setenv("NAVDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NAVDESK_DB", raising=False)
    from navdesk import i18n

    i18n.set_language("nb")


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from navdesk.services.startup import open_database

    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    db = open_database(path, backup_dir=path.parent / "backups")
    db.dispose()
    return path


def _copy_database(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def db(empty_template: Path, tmp_path: Path) -> Iterator:
    """An empty, migrated database of the test's own."""
    from navdesk.store.engine import Database

    database = Database(_copy_database(empty_template, tmp_path / "test.sqlite"))
    yield database
    database.dispose()


@pytest.fixture
def english() -> None:
    """Tests that assert on message text switch to English, whose catalogue is the message ids."""
    from navdesk import i18n

    i18n.set_language("en")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo region (300 people, seed 7), built once per test session."""
    from navdesk.services.demo import build_demo
    from navdesk.services.startup import open_database

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    database = open_database(path, backup_dir=path.parent / "backups")
    build_demo(database, clients=300, seed=7)
    database.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator:
    """The demo region in a database of the test's own.

    Logins leder, stat, kommune, gjeld and admin, password demo (see navdesk/services/demo_staff.py).
    """
    from navdesk.store.engine import Database

    database = Database(_copy_database(demo_template, tmp_path / "demo.sqlite"))
    yield database
    database.dispose()
