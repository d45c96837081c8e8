"""The main window's status bar says when the last backup was made and where it is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from navdesk.services import auth, backups
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.main_window import MainWindow
from navdesk.ui.worker import DbWorker


@pytest.fixture
def window_for(qtbot: QtBot, demo_db: Database) -> Iterator:
    worker = DbWorker()

    def open_window() -> MainWindow:
        actor = auth.authenticate(demo_db, "leder", "demo")
        window = MainWindow(UiContext(demo_db, worker, actor, is_demo=True))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: worker.idle and window.backup_label.text() != "", timeout=10_000)
        return window

    yield open_window
    worker.shutdown()


def test_the_status_bar_shows_when_and_where_the_last_backup_is(
    window_for, demo_db: Database, english: None
) -> None:
    made = backups.daily_backup(demo_db)
    assert made is not None
    window = window_for()
    text = window.backup_label.text()
    assert text.startswith("Last backup: ")
    assert f"{made.made_at:%H:%M}" in text
    assert str(made.folder) in window.backup_label.toolTip()


def test_without_a_backup_it_says_when_one_will_be_made(window_for, english: None) -> None:
    window = window_for()
    assert window.backup_label.text() == "No backup yet: one is made when navdesk starts"
