"""The frame of the card's small forms: Save and Cancel, one save at a time through the worker, each
error beside its field, a refusal or a stale edit in words under the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from navdesk.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from navdesk.i18n import _
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors
from navdesk.ui.worker import show_error


class SaveDialog(QDialog):
    # Service field names shown beside another field of the form (e.g. what a side chooser stands for).
    FIELD_ALIASES: ClassVar[dict[str, str]] = {}

    def __init__(self, ctx: UiContext, title: str, save_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(title)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def add_row(self, form: QFormLayout, caption: str, name: str, widget: QWidget,
                focus: QWidget | None = None) -> None:
        """A form row: the caption, then the field with its error label under it.

        The caption's mnemonic goes to the field itself: a label whose buddy is the wrapping box
        would move no focus at all.
        """
        label = QLabel(caption)
        label.setBuddy(focus or widget)
        form.addRow(label, self.errors.wrap(name, widget, focus))

    def finish(self, layout: QVBoxLayout) -> None:
        """Put the general error line and the buttons last; Enter saves from then on."""
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)

    def save(self) -> None:
        raise NotImplementedError

    def run(self, operation: Callable[[], Any], *, changes: str | None = "person") -> None:
        """Save in the background (the operation touches no widget); `saved` or the errors come back."""
        if self.saving:
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(operation, while_alive(self, self._done), while_alive(self, self.failed),
                            changes=changes, parent=self)

    def _done(self, result: Any) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.saved(result)

    def saved(self, _result: Any) -> None:
        self.accept()

    def failed(self, error: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            self.errors.show({self.FIELD_ALIASES.get(field, field): message
                              for field, message in error.errors.items()})
        elif isinstance(error, NotAllowed | NotFound | Conflict):
            self.errors.show({"": error.message})
        else:
            show_error(self, error)
