"""Database-wide settings for administrators: after how many idle minutes the screen locks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from navdesk.domain.errors import ValidationFailed
from navdesk.i18n import _
from navdesk.services import auth
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.ui.auth.fields import add_field, show_errors
from navdesk.ui.worker import DbWorker, show_error


class SettingsDialog(QDialog):
    """`saved` carries the new number of idle minutes."""

    saved = Signal(int)

    def __init__(
        self, db: Database, worker: DbWorker, actor: Actor, minutes: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = worker
        self.actor = actor
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))

        low, high = auth.IDLE_LOCK_RANGE
        self.minutes = QSpinBox()
        self.minutes.setObjectName("idleMinutes")
        self.minutes.setRange(low, high)
        self.minutes.setValue(minutes)
        self.minutes.setSuffix(" " + _("min"))
        explanation = QLabel(_("Applies to every desk using this database; on other desks from their next sign-in."))
        explanation.setObjectName("hint")
        explanation.setWordWrap(True)
        form = QFormLayout()
        self.errors = {"minutes": add_field(form, _("&Lock the screen after idle"), self.minutes)}

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explanation)
        layout.addWidget(buttons)
        self.setMinimumWidth(400)

    def _save(self) -> None:
        minutes = self.minutes.value()
        self.save_button.setEnabled(False)
        self.worker.run(
            lambda: auth.set_idle_lock_minutes(self.db, self.actor, minutes), self._done, self._failed,
            changes="settings",
        )

    def _done(self, minutes: int) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(minutes)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            show_errors(self.errors, error.errors)
        else:
            show_error(self, error)
