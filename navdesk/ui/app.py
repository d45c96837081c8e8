"""Starting the GUI: friendly environment errors, first start or login, the main window and the idle lock.

`Desk` drives one run of the program through its screens without blocking (dialogs are shown, not
exec'd), so that tests can walk the same path a user does.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from navdesk import config, i18n, preferences
from navdesk.i18n import _
from navdesk.ui.auth.idle_monitor import IdleMonitor
from navdesk.ui.auth.login_dialog import LoginDialog
from navdesk.ui.worker import DbWorker

# The login appears before SQLAlchemy, Alembic and the services are imported: the worker thread
# imports them while it opens the database, so the first window is as quick as a bare one.
if TYPE_CHECKING:
    from navdesk.services.actor import Actor
    from navdesk.services.auth import DemoLogin, SignedIn
    from navdesk.services.startup import DatabaseState
    from navdesk.store.engine import Database
    from navdesk.ui.auth.lock_dialog import LockDialog
    from navdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

RESOURCES_DIR = Path(__file__).resolve().parent.parent.parent / "resources"
DEMO_CLIENTS = 2000
DEFAULT_IDLE_LOCK_MINUTES = 15  # until the database's setting is read at sign-in
DEMO_SEED = 1


def run_gui(target: str, *, demo_on_first_start: bool = False) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("navdesk")
    # Between screens (first start -> login -> main window) no window may be open for a moment.
    app.setQuitOnLastWindowClosed(False)
    apply_look(app)
    desk = Desk(target, demo_on_first_start=demo_on_first_start)
    desk.finished.connect(app.quit)
    try:
        desk.start()
        code = int(app.exec())
        return 1 if desk.failed else code
    finally:
        desk.shutdown()


def display_problem() -> str | None:
    """Why no window can be shown, or None. Only Linux can lack a display; Qt would abort the process."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    missing = _missing_x11_library() if os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") else None
    if missing:
        # Qt's X11 plugin needs a few system libraries; without one, Qt aborts the whole process.
        return _(
            "navdesk cannot open a window: the system library {library} is missing. Ask your IT support to "
            "install Qt's X11 libraries (Debian/Ubuntu: apt install libxcb-cursor0 libxcb-icccm4 "
            "libxcb-keysyms1 libxkbcommon-x11-0)."
        ).format(library=missing)
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return _(
        "navdesk needs a graphical desktop, and none was found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Start navdesk from your desktop session; for the command line, see navdesk --help."
    )


def _missing_x11_library() -> str | None:
    """The first system library Qt's X11 plugin cannot find, or None (loading it is what Qt would do)."""
    import ctypes

    import PySide6

    plugin = Path(PySide6.__file__).resolve().parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as error:
        return str(error).split(":", 1)[0].strip() or str(error)
    return None


def apply_look(app: QApplication) -> None:
    style = RESOURCES_DIR / "style.qss"
    icons = RESOURCES_DIR / "icons"
    try:
        # Style sheet urls are relative to the working directory, so the icon folder is filled in here.
        app.setStyleSheet(style.read_text(encoding="utf-8").replace("@ICONS@", icons.as_posix()))
    except OSError:
        log.warning("style sheet %s not found; using the platform's look", style)
    icon = icons / "navdesk.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def tell_user(text: str, parent: QWidget | None = None) -> None:
    """A blocking message about a problem the user must act on (replaced in tests)."""
    QMessageBox.critical(parent, _("navdesk"), text)


def describe_problem(error: BaseException, target: str) -> str | None:
    """What to tell the user about an environment problem, or None when `error` is a bug."""
    from navdesk.services import environment

    message = environment.explain(error, target)
    if message is not None:
        return message
    if isinstance(error, OSError | sqlite3.Error) or _is_database_error(error):
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()
        return _(
            "navdesk cannot open the database {where}.\n\n"
            "It may be in use by another program, damaged, or not readable for you. Close other programs "
            "that use it and try again. If the file is damaged, restore the latest backup with "
            "“navdesk restore FILE”.\n\nDetails: {detail}"
        ).format(where=_shown(target), detail=detail[0] if detail else type(error).__name__)
    return None


def _is_database_error(error: BaseException) -> bool:
    # The UI does not import SQLAlchemy; its errors, like sqlite3's and psycopg's, follow the DB-API names.
    return any(cls.__name__ in {"DatabaseError", "InterfaceError"} for cls in type(error).__mro__)


def _shown(target: str) -> str:
    from navdesk.services import environment

    return environment.shown(target)


def where_text(target: str) -> str:
    """The database as the login shows it, without importing SQLAlchemy: a path, or a URL without password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", target)


def _likely_set_up(target: str) -> bool:
    """Whether the login can be shown before the database is open: a server, or a file with content.
    A new or empty file is a first start, which needs the database's answer first."""
    if "://" in target:
        return not target.startswith("sqlite")
    try:
        return Path(target).stat().st_size > 0
    except OSError:
        return False


@dataclass(frozen=True)
class Opened:
    db: Database
    state: DatabaseState
    demo_logins: list[DemoLogin]


def open_on_worker(target: str) -> Opened:
    """Runs on the worker thread: imports the store, opens and upgrades the database, reads its state."""
    from navdesk.services import auth, startup

    db = startup.open_database(target)
    try:
        state = startup.database_state(db)
        demos = auth.demo_logins(db) if state.has_staff else []
    except BaseException:
        db.dispose()
        raise
    return Opened(db, state, demos)


class Desk(QObject):
    """One run of navdesk on this desk: which screen is shown, who is signed in, whether it is locked."""

    finished = Signal()
    _demo_progress = Signal(int, int)

    def __init__(self, target: str, *, demo_on_first_start: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.demo_on_first_start = demo_on_first_start
        self.db: Database | None = None
        self.worker = DbWorker(self)
        self.idle_monitor = IdleMonitor(self)
        self.idle_monitor.idle.connect(self.lock)
        self.idle_minutes = DEFAULT_IDLE_LOCK_MINUTES
        self.is_demo = False
        self.actor: Actor | None = None
        self.window: MainWindow | None = None
        self.dialog: QDialog | None = None  # the screen shown instead of the main window
        self.lock_dialog: LockDialog | None = None
        self._progress: QProgressDialog | None = None
        self._done = False
        self.failed = False  # the program ends because of a problem the user was told about
        self._retired: list[QWidget] = []
        self._demo_progress.connect(self._show_demo_progress)
        self.worker.busy_changed.connect(self._delete_retired)

    # -- start-up ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Show the login at once when the database is likely set up, and open the database on the worker.
        A problem is told to the user, then `failed` is set and `finished` emitted."""
        if _likely_set_up(self.target):
            self._open_login([], "")
        # Queued at once, so that a sign-in (Enter pressed early) always runs after it on the same worker.
        self._run(self._open_on_worker, self._opened)

    def _open_on_worker(self) -> Opened:
        opened = open_on_worker(self.target)
        # Set here, on the worker: a sign-in queued behind this job runs before `_opened` reaches the GUI.
        self.db = opened.db
        return opened

    def shutdown(self) -> None:
        self.idle_monitor.stop()
        self.worker.shutdown()
        if self.db is not None:
            self.db.dispose()

    def _run(self, operation: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.worker.run(operation, on_done, self._fail)

    def _fail(self, error: BaseException) -> None:
        self.failed = True
        if isinstance(self.dialog, LoginDialog) and self.actor is None:
            self.dialog.hide()  # the login cannot work without its database
        self._report(error)
        self._finish()

    def _report(self, error: BaseException) -> None:
        message = describe_problem(error, self.target)
        if message is None:
            log.error("navdesk could not continue", exc_info=error)
            message = _(
                "Something went wrong in navdesk and nothing was saved. The details are in the log file {path}."
            ).format(path=config.log_file())
        else:
            log.warning("environment problem: %s", message)
        tell_user(message, self.window)

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            self.idle_monitor.stop()
            self.finished.emit()

    def _opened(self, opened: Opened) -> None:
        self.is_demo = opened.state.is_demo
        early = self.dialog if isinstance(self.dialog, LoginDialog) and self.dialog.isVisible() else None
        if opened.state.has_staff:
            if early is not None:
                early.set_demo_logins(opened.demo_logins)
                early.set_where(self._where())
            else:
                self._open_login(opened.demo_logins, "")
            return
        if early is not None:  # an empty database after all: the first start replaces the login
            self.dialog = None
            early.rejected.disconnect(self._finish)
            early.reject()
        if self.demo_on_first_start:
            self._build_demo()
        else:
            self._first_start()

    def _where(self) -> str:
        if self.db is None:
            return where_text(self.target)
        return str(self.db.path) if self.db.path else self.db.url.render_as_string(hide_password=True)

    def _sign_in_on_worker(self, login: str, password: str) -> SignedIn:
        """Queued behind the opening of the database on the same worker, so an early Enter simply waits."""
        from navdesk.services import auth

        if self.db is None:
            raise RuntimeError("the database did not open")
        return auth.authenticate(self.db, login, password)

    def _build_demo(self) -> None:
        progress = QProgressDialog(_("Building the demo region with synthetic people…"), "", 0, 0)
        progress.setObjectName("demoProgress")
        progress.setWindowTitle(_("navdesk — first start"))
        progress.setCancelButton(None)  # building cannot be interrupted halfway
        progress.setMinimumDuration(0)
        progress.setMinimumWidth(420)
        progress.show()
        self._progress = progress
        db = self.db
        assert db is not None
        from navdesk.services import demo

        self.worker.run(
            lambda: demo.build_demo(db, clients=DEMO_CLIENTS, seed=DEMO_SEED, progress=self._demo_progress.emit),
            self._demo_built,
            self._demo_failed,
        )

    def _show_demo_progress(self, done: int, total: int) -> None:
        if self._progress is not None and total > 0:
            self._progress.setMaximum(total)
            self._progress.setValue(done)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _demo_built(self, _summary: object) -> None:
        self._close_progress()
        self.is_demo = True
        self.show_login()

    def _demo_failed(self, error: BaseException) -> None:
        self._close_progress()
        self._fail(error)

    def _first_start(self) -> None:
        from navdesk.ui.auth.first_start_dialog import FirstStartDialog

        assert self.db is not None
        dialog = FirstStartDialog(self.db, self.worker)
        dialog.created.connect(lambda admin: self.show_login(login=admin.login))
        dialog.rejected.connect(self._finish)
        self._show_screen(dialog)

    # -- signing in and out ------------------------------------------------------------------------

    def show_login(self, login: str = "") -> None:
        from navdesk.services import auth

        db = self.db
        assert db is not None
        self._run(lambda: auth.demo_logins(db), lambda demos: self._open_login(demos, login))

    def _open_login(self, demos: list[DemoLogin], login: str) -> None:
        dialog = LoginDialog(self.worker, self._sign_in_on_worker, demos, login=login, where=self._where())
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(self._finish)
        self._show_screen(dialog)

    def _show_screen(self, dialog: QDialog) -> None:
        self._retire_when_closed(dialog)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _signed_in(self, actor: SignedIn) -> None:
        from navdesk.services import settings

        db = self.db
        assert db is not None
        self._run(lambda: settings.idle_lock_minutes(db), lambda minutes: self._after_sign_in(actor, minutes))

    def _after_sign_in(self, actor: SignedIn, minutes: int) -> None:
        self.idle_minutes = minutes
        if not actor.must_change_password:
            self._open_main(actor)
            return
        from navdesk.ui.auth.change_password_dialog import ChangePasswordDialog

        assert self.db is not None
        dialog = ChangePasswordDialog(self.db, self.worker, actor, forced=True)
        dialog.changed.connect(self._open_main)
        dialog.rejected.connect(self.show_login)
        self._show_screen(dialog)

    def _open_main(self, actor: Actor) -> None:
        self.actor = actor
        self.window = self._build_window()
        self.window.show()
        # What start-up made (modules, mappers, widgets) lives as long as the program: keep it out of
        # the garbage collector's full passes, which otherwise pause a list request now and then.
        gc.freeze()
        self.idle_monitor.start(self.idle_minutes * 60_000)

    def _build_window(self) -> MainWindow:
        from navdesk.ui.context import UiContext
        from navdesk.ui.main_window import MainWindow

        assert self.db is not None and self.actor is not None
        window = MainWindow(UiContext(self.db, self.worker, self.actor, self.is_demo))
        window.logout_requested.connect(self.logout)
        window.lock_requested.connect(self.lock)
        window.change_password_requested.connect(self.change_password)
        window.language_requested.connect(self.change_language)
        window.settings_requested.connect(self.open_settings)
        window.installEventFilter(self)
        return window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self._finish()  # the user closed the main window: that ends the program
        return False

    def logout(self) -> None:
        self.idle_monitor.stop()
        # Dialogs opened from the main window (even in the middle of an edit) must not outlive the session.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not self.lock_dialog:
                widget.reject()
        self._close_window()
        self.actor = None
        self.show_login()

    def _close_window(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.removeEventFilter(self)
            window.close()
            self._retire(window)

    def _retire_when_closed(self, dialog: QDialog) -> None:
        dialog.finished.connect(lambda _result: self._retire(dialog))

    def _retire(self, widget: QWidget) -> None:
        """Delete a closed window once the worker has no results left to hand to it."""
        self._retired.append(widget)
        if self.worker.idle:
            self._delete_retired()

    def _delete_retired(self, busy: bool = False) -> None:
        if busy:
            return
        for widget in self._retired:
            if isValid(widget):
                widget.deleteLater()
        self._retired.clear()

    # -- while signed in -----------------------------------------------------------------------------

    def lock(self) -> None:
        if self.window is None or self.actor is None or self.lock_dialog is not None:
            return
        from navdesk.ui.auth.lock_dialog import LockDialog

        assert self.db is not None
        self.idle_monitor.stop()
        lock = LockDialog(self.db, self.worker, self.actor, parent=self.window)
        self._retire_when_closed(lock)
        lock.unlocked.connect(self._unlocked)
        lock.logout_chosen.connect(self._logout_from_lock)
        self.lock_dialog = lock
        lock.lock()

    def _unlocked(self) -> None:
        self.lock_dialog = None
        self.idle_monitor.start(self.idle_minutes * 60_000)

    def _logout_from_lock(self) -> None:
        self.lock_dialog = None
        self.logout()

    def change_password(self) -> None:
        if self.window is None or self.actor is None or self.db is None:
            return
        from navdesk.ui.auth.change_password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.db, self.worker, self.actor, parent=self.window)
        self._retire_when_closed(dialog)
        dialog.changed.connect(self._password_changed)
        dialog.open()

    def _password_changed(self, actor: Actor) -> None:
        self.actor = actor

    def open_settings(self) -> None:
        if self.window is None or self.actor is None or self.db is None:
            return
        from navdesk.ui.auth.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.db, self.worker, self.actor, self.idle_minutes, parent=self.window)
        self._retire_when_closed(dialog)
        dialog.saved.connect(self._idle_minutes_saved)
        dialog.open()

    def _idle_minutes_saved(self, minutes: int) -> None:
        self.idle_minutes = minutes
        if self.idle_monitor.running:
            self.idle_monitor.start(minutes * 60_000)

    def change_language(self, language: str) -> None:
        """Save the choice for this desk and rebuild the main window in it, on the same area."""
        preferences.set_language(language)
        i18n.set_language(language)
        old = self.window
        if old is None:
            return
        row = old.nav.currentRow()
        keys = old.area_keys()
        geometry = old.saveGeometry()
        self.window = None
        old.removeEventFilter(self)
        self.window = self._build_window()
        self.window.restoreGeometry(geometry)
        if 0 <= row < len(keys) and keys[row] in self.window.area_keys():
            self.window.show_area(keys[row])
        self.window.show()
        old.close()
        self._retire(old)
