"""Cancelling an activity (moving it to avbrutt): the reason is required and kept with the activity,
which is locked from then on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from navdesk.domain.errors import Conflict, ValidationFailed
from navdesk.domain.plans import ActivityStatus
from navdesk.i18n import _
from navdesk.services import activities
from navdesk.services.plan_types import ActivityCard
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, hint
from navdesk.ui.worker import show_error


class CancelActivityDialog(QDialog):
    moved = Signal(object)  # the ActivityCard as it is now
    conflict = Signal(str)  # someone else changed the activity first

    def __init__(self, ctx: UiContext, card: ActivityCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card = card
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(_("Cancel the activity"))
        self.setMinimumWidth(560)
        heading = QLabel(_("Cancel “{title}”").format(title=card.title))
        heading.setObjectName("dialogTitle")
        heading.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(110)
        form = QFormLayout()
        form.addRow(_("&Why is it cancelled?") + " *", self.errors.wrap("reason", self.reason))
        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(_("&Cancel the activity"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setDefault(True)
        keep = buttons.addButton(_("&Keep it"), QDialogButtonBox.ButtonRole.RejectRole)
        keep.setAutoDefault(False)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint(_("A cancelled activity is locked: it can no longer be changed. The reason is kept "
                                "with it and shown in its history.")))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def confirm(self) -> None:
        if self.saving:
            return
        db, actor, card, reason = self.ctx.db, self.ctx.actor, self.card, self.reason.toPlainText()
        self.saving = True
        self.confirm_button.setEnabled(False)
        self.ctx.worker.run(
            lambda: activities.move_activity(db, actor, card.activity_id, card.version, ActivityStatus.AVBRUTT.value,
                                             reason=reason),
            while_alive(self, self._moved), while_alive(self, self._failed), changes="person", parent=self)

    def _moved(self, card: ActivityCard) -> None:
        self.saving = False
        self.moved.emit(card)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.confirm_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, Conflict):
            self.conflict.emit(error.message)
            self.reject()
        else:
            show_error(self, error)
