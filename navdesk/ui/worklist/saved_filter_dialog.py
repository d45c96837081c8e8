"""Saving the worklist as it is set now (view, filters, sort) under a name, to open it again in one step."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from navdesk.domain.errors import UserError, ValidationFailed
from navdesk.i18n import _
from navdesk.services import saved_filters
from navdesk.services.saved_filters import SavedFilterItem
from navdesk.services.worklist import WorklistQuery
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, hint
from navdesk.ui.worker import show_error


class SaveFilterDialog(QDialog):
    saved = Signal(object)  # the SavedFilterItem

    def __init__(self, ctx: UiContext, query: WorklistQuery, description: str, name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = query
        self.saving = False
        self.errors = FormErrors()
        self.setWindowTitle(_("Save filter"))
        self.setMinimumWidth(460)
        self.name = QLineEdit(name)
        self.name.setMaxLength(saved_filters.NAME_MAX)
        self.name.selectAll()
        form = QFormLayout()
        label = QLabel(_("&Name"))
        label.setBuddy(self.name)
        form.addRow(label, self.errors.wrap("name", self.name))
        what = QLabel(description)
        what.setWordWrap(True)
        form.addRow(_("Shows"), self.errors.wrap("view", what, self.name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(_("Saving under a name you already use replaces that saved filter.")))
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.name.setFocus()

    def save(self) -> None:
        if self.saving:
            return
        db, actor, query, name = self.ctx.db, self.ctx.actor, self.query, self.name.text()
        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(lambda: saved_filters.save_filter(db, actor, name, query), while_alive(self, self._saved),
                            while_alive(self, self._failed), parent=self)

    def _saved(self, item: SavedFilterItem) -> None:
        self.saving = False
        self.saved.emit(item)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, UserError):
            self.errors.show({"": error.message})
        else:
            show_error(self, error)
