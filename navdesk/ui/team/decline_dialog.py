"""Declining a handover: the reason is required, so that the sender can find someone else."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget

from navdesk.domain.errors import Conflict, ValidationFailed
from navdesk.i18n import _
from navdesk.services import handovers
from navdesk.services.handovers import HandoverItem
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors
from navdesk.ui.worker import show_error


class DeclineDialog(QDialog):
    def __init__(self, ctx: UiContext, item: HandoverItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(_("Decline handover"))
        self.setMinimumWidth(520)
        title = QLabel(_("Decline taking over {person} from {sender}?").format(person=item.person, sender=item.sender))
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        explanation = QLabel(_("{sender} stays the person's veileder and sees your reason.").format(
            sender=item.sender))
        explanation.setWordWrap(True)
        caption = QLabel(_("&Reason"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(120)
        caption.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.decline_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.decline_button.setText(_("&Decline"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, explanation, caption, self.errors.wrap("reason", self.reason), self.errors.general,
                       self.buttons):
            layout.addWidget(widget)
        self.reason.setFocus()

    def confirm(self) -> None:
        if self.saving:
            return
        db, actor, item, reason = self.ctx.db, self.ctx.actor, self.item, self.reason.toPlainText()
        self.saving = True
        self.decline_button.setEnabled(False)
        self.ctx.worker.run(lambda: handovers.decline(db, actor, item.id, item.version, reason),
                            while_alive(self, self._declined), while_alive(self, self._failed),
                            changes="person", parent=self)

    def _declined(self, _item: HandoverItem) -> None:
        self.saving = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.decline_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, Conflict):
            self.ctx.worker.changed.emit("person")  # answered or withdrawn meanwhile: the lists reload
            QMessageBox.warning(self, _("Changed by someone else"), error.message)
            self.reject()
        else:
            show_error(self, error)
