"""The login screen: user name and password; on a demo database also the demo logins."""

from __future__ import annotations

import html

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
from navdesk.services import auth
from navdesk.services.auth import DemoLogin, SignedIn
from navdesk.store.engine import Database
from navdesk.ui.auth.fields import ErrorLabel
from navdesk.ui.worker import DbWorker, show_error


class LoginDialog(QDialog):
    """Enter signs in, Esc quits. `signed_in` carries the actor; the dialog then closes itself."""

    signed_in = Signal(object)

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        demo_logins: list[DemoLogin],
        *,
        login: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = worker
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
        self.demo_box: QFrame | None = None
        if demo_logins:
            self.demo_box = self._demo_box(demo_logins)
            layout.addWidget(self.demo_box)
        where = db.path or db.url.render_as_string(hide_password=True)
        location = QLabel(_("Database: {where}").format(where=where))
        location.setObjectName("hint")
        location.setWordWrap(True)
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(location)
        self.setMinimumWidth(460)
        # Only once the button is inside the dialog; before that QDialog picks its own default.
        self.sign_in_button.setDefault(True)
        (self.password_edit if login else self.login_edit).setFocus()

    def _demo_box(self, demo_logins: list[DemoLogin]) -> QFrame:
        box = QFrame()
        box.setObjectName("demoLogins")
        grid = QGridLayout(box)
        # Markup is added here, so that translators see plain sentences.
        explanation = html.escape(_("Synthetic people only. Sign in as one of these with the password {password}:"))
        heading = QLabel(
            "<b>{title}</b> — {explanation}".format(
                title=html.escape(_("Demo database")),
                explanation=explanation.format(password=f"<b>{auth.DEMO_PASSWORD}</b>"),
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
        self.worker.run(lambda: auth.authenticate(self.db, login, password), self._done, self._refused)

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
