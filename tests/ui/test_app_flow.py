"""The whole start-up path as a user walks it: first start or login, main window, idle lock, language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import update

from navdesk import i18n, preferences
from navdesk.services import auth, settings
from navdesk.store.engine import Database
from navdesk.store.models import Staff
from navdesk.ui import app
from navdesk.ui.app import Desk, run_gui
from navdesk.ui.auth import idle_monitor
from navdesk.ui.auth.change_password_dialog import ChangePasswordDialog
from navdesk.ui.auth.first_start_dialog import FirstStartDialog
from navdesk.ui.auth.idle_monitor import IdleMonitor
from navdesk.ui.auth.login_dialog import LoginDialog
from navdesk.ui.auth.settings_dialog import SettingsDialog
from navdesk.ui.main_window import MainWindow

MakeDesk = Callable[..., Desk]


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the program told the user in a message box."""
    messages: list[str] = []
    monkeypatch.setattr(app, "tell_user", lambda text, parent=None: messages.append(text))
    return messages


@pytest.fixture
def make_desk(told: list[str]) -> Iterator[MakeDesk]:
    desks: list[Desk] = []

    def make(target: Path | None, **options: bool) -> Desk:
        desk = Desk(str(target), **options)
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk._close_window()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.done(0)
        desk.shutdown()


def screen(desk: Desk, kind: type[QDialog]) -> QDialog | None:
    dialog = desk.dialog
    if dialog is not None and isValid(dialog) and isinstance(dialog, kind) and dialog.isVisible():
        return dialog
    return None


def wait_for_screen(qtbot: QtBot, desk: Desk, kind: type[QDialog]) -> QDialog:
    qtbot.waitUntil(lambda: screen(desk, kind) is not None, timeout=10_000)
    dialog = screen(desk, kind)
    assert dialog is not None
    return dialog


def sign_in(qtbot: QtBot, desk: Desk, login: str, password: str = "demo") -> MainWindow:
    dialog = wait_for_screen(qtbot, desk, LoginDialog)
    assert isinstance(dialog, LoginDialog)
    dialog.login_edit.setText(login)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=10_000)
    assert desk.window is not None
    return desk.window


def started(make_desk: MakeDesk, db: Database, **options: bool) -> Desk:
    desk = make_desk(db.path, **options)
    desk.start()
    return desk


def start_fails(qtbot: QtBot, desk: Desk) -> bool:
    """Start, and whether the start ended in a problem told to the user (the database opens on the worker)."""
    desk.start()
    qtbot.waitUntil(lambda: desk.failed or desk.db is not None, timeout=10_000)
    return desk.failed


@pytest.mark.parametrize(("login", "sees_setup"), [("leder", True), ("admin", True), ("stat", False)])
def test_signing_in_opens_the_main_window_with_setup_for_leaders_only(
    qtbot: QtBot, make_desk: MakeDesk, demo_db: Database, login: str, sees_setup: bool
) -> None:
    desk = started(make_desk, demo_db)
    window = sign_in(qtbot, desk, login)
    assert window.ctx.is_demo
    assert ("setup" in window.area_keys()) is sees_setup
    if sees_setup:
        assert window.show_area("setup").isVisible()
    assert screen(desk, LoginDialog) is None


def test_the_first_start_creates_the_administrator_and_the_office_then_login_works(
    qtbot: QtBot, make_desk: MakeDesk, db: Database, english: None
) -> None:
    desk = started(make_desk, db)
    dialog = wait_for_screen(qtbot, desk, FirstStartDialog)
    assert isinstance(dialog, FirstStartDialog)

    dialog.create_button.click()  # everything empty: errors next to the fields, nothing saved
    qtbot.waitUntil(lambda: dialog.errors["office_code"].isVisible())
    assert dialog.errors["login"].text()
    assert dialog.municipalities.error.text() == "Add at least one municipality the office serves."
    assert dialog.isVisible()

    qtbot.keyClicks(dialog.office_code, "GOL")
    qtbot.keyClicks(dialog.office_name, "NAV Gol")
    first = dialog.municipalities.rows[0]
    qtbot.keyClicks(first.number, "3324")
    qtbot.keyClicks(first.name, "Gol")
    dialog.municipalities.add_button.click()
    second = dialog.municipalities.rows[1]
    qtbot.keyClicks(second.number, "3326")
    qtbot.keyClicks(second.name, "Hemsedal")
    qtbot.keyClicks(dialog.login, "anne")
    qtbot.keyClicks(dialog.name, "Anne Admin")
    qtbot.keyClicks(dialog.password, "sikkert-passord")
    qtbot.keyClicks(dialog.repeated, "sikkert-passord")
    qtbot.keyClick(dialog.repeated, Qt.Key.Key_Return)

    login = wait_for_screen(qtbot, desk, LoginDialog)
    assert isinstance(login, LoginDialog)
    assert login.login_edit.text() == "anne"
    assert login.demo_box is None
    window = sign_in(qtbot, desk, "anne", "sikkert-passord")
    assert "setup" in window.area_keys()
    again = auth.FirstStartForm("HOL", "NAV Hol", (auth.MunicipalityEntry("3330", "Hol"),), "per", "Per",
                                "sikkert-passord", "sikkert-passord")
    with pytest.raises(auth.NotAllowed):
        auth.first_start(db, again)


def test_quitting_the_first_start_ends_the_program(qtbot: QtBot, make_desk: MakeDesk, db: Database) -> None:
    desk = started(make_desk, db)
    dialog = wait_for_screen(qtbot, desk, FirstStartDialog)
    with qtbot.waitSignal(desk.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_an_empty_database_gets_the_demo_region_when_asked(
    qtbot: QtBot, make_desk: MakeDesk, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "DEMO_CLIENTS", 30)
    desk = started(make_desk, db, demo_on_first_start=True)
    qtbot.waitUntil(lambda: desk.is_demo, timeout=20_000)  # the file has content: a login shows first
    login = wait_for_screen(qtbot, desk, LoginDialog)
    assert isinstance(login, LoginDialog)
    assert login.demo_box is not None
    assert sign_in(qtbot, desk, "leder").ctx.is_demo


def test_a_password_change_is_forced_when_an_administrator_asked_for_it(
    qtbot: QtBot, make_desk: MakeDesk, demo_db: Database
) -> None:
    with demo_db.session() as session:
        session.execute(update(Staff).where(Staff.login == "stat").values(must_change_password=True))
    desk = started(make_desk, demo_db)
    login = wait_for_screen(qtbot, desk, LoginDialog)
    assert isinstance(login, LoginDialog)
    login.login_edit.setText("stat")
    qtbot.keyClicks(login.password_edit, "demo")
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    change = wait_for_screen(qtbot, desk, ChangePasswordDialog)
    assert isinstance(change, ChangePasswordDialog)
    assert desk.window is None
    qtbot.keyClicks(change.old_edit, "demo")
    qtbot.keyClicks(change.new_edit, "et-nytt-passord")
    qtbot.keyClicks(change.repeated_edit, "et-nytt-passord")
    qtbot.keyClick(change.repeated_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    assert auth.authenticate(demo_db, "stat", "et-nytt-passord").must_change_password is False


def test_logging_out_shows_the_login_again(qtbot: QtBot, make_desk: MakeDesk, demo_db: Database) -> None:
    desk = started(make_desk, demo_db)
    window = sign_in(qtbot, desk, "leder")
    window.logout_requested.emit()
    wait_for_screen(qtbot, desk, LoginDialog)
    assert desk.window is None and desk.actor is None
    assert not desk.idle_monitor.running


def test_closing_the_main_window_ends_the_program(qtbot: QtBot, make_desk: MakeDesk, demo_db: Database) -> None:
    desk = started(make_desk, demo_db)
    window = sign_in(qtbot, desk, "stat")
    with qtbot.waitSignal(desk.finished):
        window.close()


def lock_password(lock: QDialog) -> QLineEdit:
    edit = lock.findChild(QLineEdit, "password")
    assert isinstance(edit, QLineEdit)
    return edit


def test_idle_time_locks_the_screen_and_only_the_right_password_unlocks(
    qtbot: QtBot, make_desk: MakeDesk, demo_db: Database, english: None
) -> None:
    desk = started(make_desk, demo_db)
    window = sign_in(qtbot, desk, "kommune")
    desk.idle_monitor.start(100)
    qtbot.waitUntil(lambda: desk.lock_dialog is not None and desk.lock_dialog.isVisible(), timeout=5000)
    lock = desk.lock_dialog
    assert lock is not None
    curtain = window.findChild(QWidget, "lockCurtain")
    assert curtain is not None and curtain.isVisible()
    assert curtain.geometry() == window.rect()

    qtbot.keyClick(lock, Qt.Key.Key_Escape)
    assert lock.isVisible()  # Esc does not open the lock

    qtbot.keyClicks(lock_password(lock), "feil")
    qtbot.keyClick(lock_password(lock), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.error.isVisible())
    assert lock.error.text() == "Wrong password."
    assert lock.isVisible() and desk.lock_dialog is lock

    qtbot.keyClicks(lock_password(lock), "demo")
    qtbot.keyClick(lock_password(lock), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.lock_dialog is None)
    qtbot.waitUntil(lambda: window.findChild(QWidget, "lockCurtain") is None)
    assert window.isVisible()
    assert desk.idle_monitor.running


def test_log_out_instead_of_unlocking(qtbot: QtBot, make_desk: MakeDesk, demo_db: Database) -> None:
    desk = started(make_desk, demo_db)
    window = sign_in(qtbot, desk, "gjeld")
    window.lock_requested.emit()
    lock = desk.lock_dialog
    assert lock is not None
    button = lock.findChild(QPushButton, "logoutInstead")
    assert isinstance(button, QPushButton)
    button.click()
    login = wait_for_screen(qtbot, desk, LoginDialog)
    assert desk.window is None
    assert login.isVisible()


def test_the_idle_monitor_waits_for_a_quiet_interval(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [0.0]
    monkeypatch.setattr(idle_monitor.time, "monotonic", lambda: clock[0])
    monitor = IdleMonitor()
    target = QLineEdit()
    qtbot.addWidget(target)
    fired: list[bool] = []
    monitor.idle.connect(lambda: fired.append(True))
    monitor.start(60)
    clock[0] = 0.05
    qtbot.keyClick(target, Qt.Key.Key_A)  # input just before the interval is over
    clock[0] = 0.07
    qtbot.wait(150)
    assert fired == []  # only 20 ms quiet so far: it waits the rest
    clock[0] = 0.2
    qtbot.waitUntil(lambda: fired == [True])
    monitor.stop()


def test_changing_the_language_rebuilds_the_window_on_the_same_area(
    qtbot: QtBot, make_desk: MakeDesk, demo_db: Database
) -> None:
    desk = started(make_desk, demo_db)
    old = sign_in(qtbot, desk, "leder")
    old.show_area("setup")
    old.language_requested.emit("en")
    new = desk.window
    assert new is not None and new is not old
    assert new.isVisible()
    assert new.area_keys()[new.nav.currentRow()] == "setup"
    assert i18n.current_language() == "en"
    assert preferences.language() == "en"
    assert new.menuBar().actions()[0].text() == "&File"
    assert desk.idle_monitor.running


def test_administrators_set_the_idle_minutes(qtbot: QtBot, make_desk: MakeDesk, demo_db: Database) -> None:
    desk = started(make_desk, demo_db)
    window = sign_in(qtbot, desk, "admin")
    window.settings_requested.emit()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible())
    dialog.minutes.setValue(5)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: desk.idle_minutes == 5)
    assert desk.idle_monitor.interval_ms == 5 * 60_000
    assert settings.idle_lock_minutes(demo_db) == 5


def test_only_administrators_have_the_settings_menu(
    qtbot: QtBot, make_desk: MakeDesk, demo_db: Database, english: None
) -> None:
    desk = started(make_desk, demo_db)
    window = sign_in(qtbot, desk, "leder")
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Settings…" not in [action.text() for action in file_menu.actions()]


def test_a_damaged_database_file_gets_a_message_not_a_traceback(
    qtbot: QtBot, make_desk: MakeDesk, tmp_path: Path, told: list[str], english: None
) -> None:
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"this is not a database at all" * 200)
    desk = make_desk(damaged)
    assert start_fails(qtbot, desk)
    assert screen(desk, LoginDialog) is None
    assert len(told) == 1
    assert "cannot open the database" in told[0]
    assert str(damaged) in told[0]


def test_without_a_display_it_says_so_and_exits(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, english: None
) -> None:
    monkeypatch.setattr(app.sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert run_gui(str(tmp_path / "x.sqlite")) == 1
    assert "graphical desktop" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()


def test_a_database_from_a_newer_navdesk_is_refused_with_a_message(
    qtbot: QtBot, make_desk: MakeDesk, db: Database, told: list[str], english: None
) -> None:
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'from_the_future'")
    desk = make_desk(db.path)
    assert start_fails(qtbot, desk)
    assert "newer version of navdesk" in told[0]


def test_an_x_display_without_qts_system_libraries_gets_a_message_instead_of_an_abort(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, english: None
) -> None:
    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    for name in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(app, "_missing_x11_library", lambda: "libxcb-icccm.so.4")
    assert run_gui(str(tmp_path / "x.sqlite")) == 1
    assert "libxcb-icccm.so.4 is missing" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()


def test_the_login_shows_at_once_and_an_early_enter_waits_for_the_database(
    qtbot: QtBot, make_desk: MakeDesk, demo_db: Database
) -> None:
    desk = make_desk(demo_db.path)
    desk.start()
    login = screen(desk, LoginDialog)  # shown before the database is open: typing can start at once
    assert isinstance(login, LoginDialog)
    login.login_edit.setText("stat")
    login.password_edit.setText("demo")
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=10_000)
    assert login.demo_box is not None  # the demo logins arrived once the database was open
