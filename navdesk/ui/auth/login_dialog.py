"""The login screen: user name and password; on a demo database also the demo logins.

It is the first window, shown while the worker still opens the database: it imports nothing of the
store or the services, and signing in is a function it is given (queued behind the opening).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.errors import UserError
from navdesk.i18n import _
from navdesk.ui.auth.fields import ErrorLabel
from navdesk.ui.worker import DbWorker, show_error

if TYPE_CHECKING:
    from navdesk.services.auth import DemoLogin, SignedIn


class LoginDialog(QDialog):
    """Enter signs in, Esc quits. `signed_in` carries the actor; the dialog then closes itself."""

    signed_in = Signal(object)

    def __init__(
        self,
        worker: DbWorker,
        sign_in: Callable[[str, str], SignedIn],
        demo_logins: Sequence[DemoLogin] = (),
        *,
        login: str = "",
        where: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self._authenticate = sign_in
        self.setObjectName("loginDialog")
        self.setWindowTitle(_("navdesk — sign in"))

        title = QLabel(_("Sign in to navdesk"))
        title.setObjectName("dialogTitle")
        self.login_edit = QLineEdit(login)
        self.login_edit.setObjectName("login")
        self.login_edit.setMaxLength(40)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.error.setObjectName("loginError")

        form = QFormLayout()
        form.addRow(_("&User name"), self.login_edit)
        form.addRow(_("&Password"), self.password_edit)

        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(_("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        quit_button = self.buttons.addButton(_("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._sign_in)
        quit_button.clicked.connect(self.reject)

        header = QHBoxLayout()
        header.setSpacing(12)
        icon = QApplication.windowIcon()
        if not icon.isNull():
            logo = QLabel()
            logo.setPixmap(icon.pixmap(40, 40))
            header.addWidget(logo)
        header.addWidget(title, 1)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._layout = layout
        self.demo_box: QFrame | None = None
        self.location = QLabel()
        self.location.setObjectName("hint")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.location)
        self.set_where(where)
        self.set_demo_logins(demo_logins)
        self.setMinimumWidth(460)
        # Only once the button is inside the dialog; before that QDialog picks its own default.
        self.sign_in_button.setDefault(True)
        (self.password_edit if login else self.login_edit).setFocus()

    def set_where(self, where: str) -> None:
        self.location.setText(_("Database: {where}").format(where=where))
        self.location.setVisible(bool(where))

    def set_demo_logins(self, demo_logins: Sequence[DemoLogin]) -> None:
        """The demo logins arrive once the database is open (only a demo database has them)."""
        if self.demo_box is not None or not demo_logins:
            return
        self.demo_box = self._demo_box(demo_logins)
        self._layout.insertWidget(self._layout.indexOf(self.location), self.demo_box)

    def _demo_box(self, demo_logins: Sequence[DemoLogin]) -> QFrame:
        from navdesk.services.auth import DEMO_PASSWORD

        box = QFrame()
        box.setObjectName("demoLogins")
        grid = QGridLayout(box)
        # Markup is added here, so that translators see plain sentences.
        explanation = html.escape(_("Synthetic people only. Sign in as one of these with the password {password}:"))
        heading = QLabel(
            "<b>{title}</b> — {explanation}".format(
                title=html.escape(_("Demo database")),
                explanation=explanation.format(password=f"<b>{DEMO_PASSWORD}</b>"),
            )
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        grid.addWidget(heading, 0, 0, 1, 2)
        for row, demo in enumerate(demo_logins, start=1):
            login = QLabel(demo.login)
            login.setObjectName("demoLogin")
            login.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            description = QLabel(demo.description)
            description.setWordWrap(True)
            grid.addWidget(login, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(description, row, 1)
        grid.setColumnStretch(1, 1)
        return box

    def _sign_in(self) -> None:
        login, password = self.login_edit.text(), self.password_edit.text()
        if not login.strip():
            self.error.show_error(_("Enter your user name."))
            self.login_edit.setFocus()
            return
        self.sign_in_button.setEnabled(False)
        self.error.show_error(None)
        authenticate = self._authenticate
        self.worker.run(lambda: authenticate(login, password), self._done, self._refused)

    def _done(self, actor: SignedIn) -> None:
        self.sign_in_button.setEnabled(True)
        self.password_edit.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.sign_in_button.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(error, UserError):
            self.error.show_error(error.message)
        else:
            show_error(self, error)
