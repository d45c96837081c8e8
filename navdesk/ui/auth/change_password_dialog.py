"""Changing one's own password; forced right after login when an administrator asked for it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from navdesk.domain.errors import ValidationFailed
from navdesk.domain.validators import MIN_PASSWORD_LENGTH
from navdesk.i18n import _
from navdesk.services import auth
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.ui.auth.fields import ErrorLabel, add_field, show_errors
from navdesk.ui.worker import DbWorker, show_error


class ChangePasswordDialog(QDialog):
    """`changed` carries the actor afterwards. In forced mode, cancelling means logging out."""

    changed = Signal(object)

    def __init__(
        self, db: Database, worker: DbWorker, actor: Actor, *, forced: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = worker
        self.actor = actor
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(_("Change password"))

        layout = QVBoxLayout(self)
        if forced:
            notice = QLabel(_("{name}, you must choose a new password before you continue.").format(name=actor.name))
            notice.setWordWrap(True)
            layout.addWidget(notice)
        hint = QLabel(_("At least {count} characters, and not your user name.").format(count=MIN_PASSWORD_LENGTH))
        hint.setObjectName("hint")
        layout.addWidget(hint)

        self.old_edit, self.new_edit, self.repeated_edit = (self._password_edit(name) for name in
                                                            ("old", "new", "repeated"))
        form = QFormLayout()
        self.errors: dict[str, ErrorLabel] = {
            "old": add_field(form, _("C&urrent password"), self.old_edit),
            "new": add_field(form, _("&New password"), self.new_edit),
            "repeated": add_field(form, _("&Repeat new password"), self.repeated_edit),
        }
        layout.addLayout(form)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("&Change password"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel_text = _("&Log out") if forced else _("Cancel")
        buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        # Only once the button is inside the dialog; before that QDialog picks its own default.
        self.save_button.setDefault(True)
        self.old_edit.setFocus()

    def _password_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _save(self) -> None:
        old, new, repeated = self.old_edit.text(), self.new_edit.text(), self.repeated_edit.text()
        self.save_button.setEnabled(False)
        self.worker.run(
            lambda: auth.change_password(self.db, self.actor, old, new, repeated), self._done, self._failed
        )

    def _done(self, actor: Actor) -> None:
        self.save_button.setEnabled(True)
        self.actor = actor
        self.changed.emit(actor)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            show_errors(self.errors, error.errors)
            first = next(iter(error.errors))
            {"old": self.old_edit, "new": self.new_edit}.get(first, self.repeated_edit).setFocus()
            if "old" in error.errors:
                self.old_edit.clear()
        else:
            show_error(self, error)
