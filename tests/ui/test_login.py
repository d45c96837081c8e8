"""The login dialog: demo logins only on a demo database, errors shown in place, Enter and Esc."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from navdesk.services import auth
from navdesk.store.engine import Database
from navdesk.ui.auth.login_dialog import LoginDialog
from navdesk.ui.worker import DbWorker


def shown_text(dialog: QDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog))


@pytest.fixture
def worker() -> Iterator[DbWorker]:
    worker = DbWorker()
    yield worker
    worker.shutdown()


def login_dialog(qtbot: QtBot, db: Database, worker: DbWorker) -> LoginDialog:
    dialog = LoginDialog(worker, lambda login, password: auth.authenticate(db, login, password),
                         auth.demo_logins(db), where=str(db.path))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def sign_in(qtbot: QtBot, dialog: LoginDialog, login: str, password: str) -> None:
    dialog.login_edit.clear()
    qtbot.keyClicks(dialog.login_edit, login)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_a_demo_database_lists_the_demo_logins_and_the_password(
    qtbot: QtBot, demo_db: Database, worker: DbWorker
) -> None:
    text = shown_text(login_dialog(qtbot, demo_db, worker))
    for login in ("leder", "stat", "kommune", "gjeld", "admin"):
        assert login in text.split("\n")
    assert "<b>demo</b>" in text


def test_a_real_database_lists_no_logins(qtbot: QtBot, db: Database, worker: DbWorker) -> None:
    auth.first_start(db, auth.FirstStartForm("GOL", "NAV Gol", (auth.MunicipalityEntry("3324", "Gol"),),
                                             "leder", "Lise Leder", "sikkert-passord", "sikkert-passord"))
    dialog = login_dialog(qtbot, db, worker)
    assert dialog.demo_box is None
    assert "demo" not in shown_text(dialog).replace("navdesk", "")


def test_a_wrong_password_shows_the_message_and_the_dialog_stays(
    qtbot: QtBot, demo_db: Database, worker: DbWorker, english: None
) -> None:
    dialog = login_dialog(qtbot, demo_db, worker)
    sign_in(qtbot, dialog, "leder", "feil")
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "Wrong user name or password."
    assert dialog.isVisible()
    assert dialog.password_edit.text() == ""
    assert dialog.password_edit.hasFocus()


def test_enter_signs_in_with_the_right_password(qtbot: QtBot, demo_db: Database, worker: DbWorker) -> None:
    dialog = login_dialog(qtbot, demo_db, worker)
    with qtbot.waitSignal(dialog.signed_in) as signed_in:
        sign_in(qtbot, dialog, "kommune", "demo")
    assert signed_in.args[0].login == "kommune"
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_esc_quits(qtbot: QtBot, demo_db: Database, worker: DbWorker) -> None:
    dialog = login_dialog(qtbot, demo_db, worker)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.login_edit, Qt.Key.Key_Escape)
