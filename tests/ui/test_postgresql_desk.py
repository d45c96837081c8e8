"""The same program on a PostgreSQL server: a desk starts, signs in and shows its main window.

Runs only when NAVDESK_TEST_PG names a server (see tests/conftest.py); `.ci/run` sets one up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from navdesk.ui import app
from navdesk.ui.app import Desk
from navdesk.ui.auth.login_dialog import LoginDialog


@pytest.fixture
def server_desk(pg_server: Any, pg_demo_template: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    told: list[str] = []
    monkeypatch.setattr(app, "tell_user", lambda text, parent=None: told.append(text))
    with pg_server.blank(pg_demo_template) as url:
        desk = Desk(url)
        yield desk
        desk._close_window()
        desk.shutdown()
    assert told == []


def test_a_desk_on_the_server_signs_in_and_says_where_backups_are_made(
    qtbot: QtBot, server_desk: Desk, english: None
) -> None:
    server_desk.start()
    qtbot.waitUntil(lambda: isinstance(server_desk.dialog, LoginDialog) and server_desk.dialog.isVisible(),
                    timeout=15_000)
    dialog = server_desk.dialog
    assert isinstance(dialog, LoginDialog)
    dialog.login_edit.setText("leder")
    qtbot.keyClicks(dialog.password_edit, "demo")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: server_desk.window is not None and server_desk.window.isVisible(), timeout=15_000)
    window = server_desk.window
    assert window is not None
    qtbot.waitUntil(lambda: window.backup_label.text() != "", timeout=10_000)
    assert window.backup_label.text() == "Backups: made on the database server"
