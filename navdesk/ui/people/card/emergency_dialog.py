"""Emergency access ("break the glass"): a written reason, then the card opens for reading, flagged.

The reason is a sentence or two: Enter opens (as in a one-line field, also after a refused attempt) and
Shift+Enter starts a new line.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from navdesk.domain.access import EMERGENCY_REASON_MIN
from navdesk.domain.errors import NotAllowed, ValidationFailed
from navdesk.i18n import _
from navdesk.services import consents
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import ready_to_save_again, save_on_ctrl_enter
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, hint
from navdesk.ui.worker import show_error


class ReasonEdit(QPlainTextEdit):
    """Enter submits, Shift+Enter breaks the line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class EmergencyDialog(QDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(_("Emergency access"))
        self.setMinimumWidth(560)
        title = QLabel(_("Open this card with emergency access?"))
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        explanation = QLabel(_("Use emergency access only when you must see the person's information now, for "
                               "example to prevent harm. You can read the card on screen for {hours} hours; you "
                               "cannot change, print or export anything. Your reason and everything you open are "
                               "logged and shown on your leader's review report.").format(
                                   hours=consents.EMERGENCY_HOURS))
        explanation.setWordWrap(True)
        caption = QLabel(_("&Why do you need emergency access? (at least {count} characters)").format(
            count=EMERGENCY_REASON_MIN))
        caption.setWordWrap(True)
        self.reason = ReasonEdit()
        self.reason.submitted.connect(self.confirm)
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(120)
        caption.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.open_button.setText(_("&Open with emergency access"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, explanation, caption, self.errors.wrap("reason", self.reason),
                       hint(_("Enter opens the card; Shift+Enter starts a new line.")), self.errors.general,
                       self.buttons):
            layout.addWidget(widget)
        save_on_ctrl_enter(self, self.confirm)
        self.reason.setFocus()

    def confirm(self) -> None:
        if self.saving:
            return
        db, actor, person_id, reason = self.ctx.db, self.ctx.actor, self.person_id, self.reason.toPlainText()
        self.saving = True
        self.open_button.setEnabled(False)
        self.ctx.worker.run(lambda: consents.open_emergency_access(db, actor, person_id, reason),
                            while_alive(self, self._opened), while_alive(self, self._failed),
                            changes="person", parent=self)

    def _opened(self, _grant: consents.EmergencyGrant) -> None:
        self.saving = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, NotAllowed):
            self.errors.show({"": error.message})
        else:
            show_error(self, error)
        ready_to_save_again(self, self.open_button, self.reason)
