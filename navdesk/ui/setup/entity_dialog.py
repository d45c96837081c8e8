"""The frame every set-up dialog shares: build, fill, save through the worker, show errors, reload.

A subclass lays out its fields and turns them into a draft; the service does all validation, and its
field errors come back here to be shown next to the fields. Nothing is saved until the service accepts.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout, QWidget

from navdesk.domain.errors import Conflict, NotFound, ValidationFailed
from navdesk.i18n import _
from navdesk.services import org
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors
from navdesk.ui.worker import show_error


class EntityDialog(QDialog):
    saved = Signal(object)  # the detail the service returned

    def __init__(
        self, ctx: UiContext, choices: org.Choices, detail: Any | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices = choices
        self.detail = detail
        self.errors = FormErrors()
        self.saving = False
        self.setWindowTitle(self.title())
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(self.build_form(), 1)
        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.fill(detail)

    @property
    def is_new(self) -> bool:
        return self.detail is None

    # --- what a subclass provides ---------------------------------------------------------------------

    def title(self) -> str:
        raise NotImplementedError

    def build_form(self) -> QWidget:
        raise NotImplementedError

    def fill(self, detail: Any | None) -> None:
        raise NotImplementedError

    def draft(self) -> Any:
        raise NotImplementedError

    def create(self, draft: Any) -> Any:
        raise NotImplementedError

    def update(self, record_id: uuid.UUID, version: int, draft: Any) -> Any:
        raise NotImplementedError

    def fetch(self, record_id: uuid.UUID) -> Any:
        raise NotImplementedError

    # --- saving ---------------------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving:
            return
        draft = self.draft()
        detail = self.detail

        def operation() -> Any:  # runs on the worker thread: it touches no widget
            if detail is None:
                return self.create(draft)
            return self.update(detail.id, detail.version, draft)

        self._set_saving(True)
        self.ctx.worker.run(
            operation,
            while_alive(self, self._saved),
            while_alive(self, self._failed),
            changes="organisation",
            parent=self,
        )

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)

    def _saved(self, detail: Any) -> None:
        self._set_saving(False)
        self.errors.clear()
        self.detail = detail
        self.saved.emit(detail)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, Conflict):
            answer = QMessageBox.question(
                self,
                _("Changed by someone else"),
                error.message + "\n\n" + _("Load their version now? What you typed here will be lost."),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.reload()
        elif isinstance(error, NotFound):
            QMessageBox.warning(self, _("navdesk"), error.message)
            self.reject()
        else:
            show_error(self, error)

    def reload(self) -> None:
        """Fetch the saved version and show it instead of what was typed."""
        if self.detail is None:
            return
        record_id = self.detail.id

        def show(detail: Any) -> None:
            self.detail = detail
            self.errors.clear()
            self.fill(detail)

        self.ctx.worker.run(lambda: self.fetch(record_id), while_alive(self, show), parent=self)
