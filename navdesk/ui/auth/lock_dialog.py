"""The screen lock: every open window is covered until the signed-in member types their password."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from navdesk.domain.errors import UserError
from navdesk.i18n import _
from navdesk.services import auth
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.ui.auth.fields import ErrorLabel
from navdesk.ui.worker import DbWorker, show_error


class Curtain(QWidget):
    """An opaque cover over one window.

    Windows are covered rather than hidden: hiding a dialog that is open for editing would end it
    and lose what the user typed.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        text = QLabel(_("navdesk is locked"))
        text.setObjectName("curtainText")
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignCenter)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class LockDialog(QDialog):
    """Unlocks with the right password only; Esc and closing the window do nothing.

    `unlocked` or `logout_chosen` tells the application what to do next.
    """

    unlocked = Signal()
    logout_chosen = Signal()

    def __init__(self, db: Database, worker: DbWorker, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = worker
        self.actor = actor
        self._curtains: list[Curtain] = []
        self._done = False
        self.setObjectName("lockDialog")
        self.setWindowTitle(_("navdesk is locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)

        title = QLabel(_("The screen is locked"))
        title.setObjectName("dialogTitle")
        who = QLabel(_("Signed in as {name} ({login}). Type your password to continue.")
                     .format(name=actor.name, login=actor.login))
        who.setObjectName("lockedUser")
        who.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(_("Password"))
        self.password_edit.setAccessibleName(_("Password"))
        self.error = ErrorLabel()
        self.error.setObjectName("lockError")

        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(_("&Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.logout_button = buttons.addButton(_("Log &out instead"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.logout_button.setObjectName("logoutInstead")
        buttons.accepted.connect(self._unlock)
        self.logout_button.clicked.connect(self._log_out)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        # Only once the button is inside the dialog; before that QDialog picks its own default.
        self.unlock_button.setDefault(True)

    def lock(self) -> None:
        """Cover every open window and show the lock on top."""
        for window in QApplication.topLevelWidgets():
            if window is not self and window.isVisible() and window.isWindow():
                self._curtains.append(Curtain(window))
        self.show()
        self.raise_()
        self.activateWindow()
        self.password_edit.setFocus()

    def reject(self) -> None:
        """Esc must not open the lock."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._done:
            event.ignore()

    def _unlock(self) -> None:
        password = self.password_edit.text()
        self.password_edit.clear()
        self.unlock_button.setEnabled(False)
        self.worker.run(lambda: auth.unlock(self.db, self.actor, password), self._unlocked, self._refused)

    def _unlocked(self, _result: object) -> None:
        self._finish(QDialog.DialogCode.Accepted)
        self.unlocked.emit()

    def _refused(self, error: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.password_edit.setFocus()
        if isinstance(error, UserError):
            self.error.show_error(error.message)
        else:
            show_error(self, error)

    def _log_out(self) -> None:
        self._finish(QDialog.DialogCode.Rejected)
        self.logout_chosen.emit()

    def _finish(self, result: QDialog.DialogCode) -> None:
        self._done = True
        for curtain in self._curtains:
            if isValid(curtain):  # gone already if its window was closed meanwhile
                curtain.deleteLater()
        self._curtains.clear()
        self.done(result)
