"""Registering an application for a municipal service, written or oral.

The services offered are those in force in a municipality's catalogue that the signed-in staff member
may handle for this person; the residence municipality comes first (a person who has just moved may
apply where they lived). An oral application is written down here: the text is its only record.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.case_flow import TEXT_MAX, ApplicationDraft
from navdesk.domain.errors import NotAllowed, ValidationFailed
from navdesk.i18n import _
from navdesk.services import applications
from navdesk.services.applications import ApplicationChoices, CaseView, ServiceOption
from navdesk.ui.cases.step_dialog import show_errors
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import empty_state
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, date_edit, from_qdate, hint, select_data
from navdesk.ui.worker import show_error


class RegisterApplicationDialog(QDialog):
    registered = Signal(object)  # the CaseView of the new application

    def __init__(self, ctx: UiContext, person_id: uuid.UUID, person_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.options: tuple[ServiceOption, ...] = ()
        self.saving = False
        self.loaded = False
        self.errors = FormErrors()
        self.setWindowTitle(_("Register application"))
        self.setMinimumWidth(600)
        heading = QLabel(_("Register application"))
        heading.setObjectName("dialogTitle")
        who = QLabel(person_name)
        self.empty = empty_state(_("You cannot register applications for this person: none of the municipal "
                                   "services in their municipality's catalogue is one you are authorised for."))
        self.empty.hide()

        self.municipality = QComboBox()
        self.service = QComboBox()
        self.received_on = date_edit(date.today())
        self.written = QRadioButton(_("&Written"))
        self.oral = QRadioButton(_("&Oral (told to us in person or by phone)"))
        self.written.setChecked(True)
        self.form_of = QButtonGroup(self)
        self.form_of.addButton(self.written)
        self.form_of.addButton(self.oral)
        how = QWidget()
        how_row = QHBoxLayout(how)
        how_row.setContentsMargins(0, 0, 0, 0)
        how_row.addWidget(self.written)
        how_row.addWidget(self.oral)
        how_row.addStretch(1)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(120)
        self.text_hint = hint("")

        self.form = QFormLayout()
        self.form.addRow(_("&Municipality"), self.errors.wrap("municipality", self.municipality))
        self.form.addRow(_("&Service"), self.errors.wrap("service_code", self.service))
        self.form.addRow(_("Re&ceived"), self.errors.wrap("received_on", self.received_on))
        self.form.addRow(_("Application"), how)
        self.form.addRow(_("What is applied &for"), self.errors.wrap("text", self.text))
        self.form.addRow("", self.text_hint)
        self.fields = QWidget()
        self.fields.setLayout(self.form)
        self.fields.setEnabled(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Register"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, who, self.empty, self.fields, self.errors.general, self.buttons):
            layout.addWidget(widget)

        self.municipality.currentIndexChanged.connect(lambda _index: self._fill_services())
        self.oral.toggled.connect(lambda _checked: self._show_text_hint())
        self._show_text_hint()
        db, actor = ctx.db, ctx.actor
        ctx.worker.run(lambda: applications.application_choices(db, actor, person_id),
                       while_alive(self, self._loaded), while_alive(self, self._load_failed), parent=self)

    def _loaded(self, choices: ApplicationChoices) -> None:
        self.loaded = True
        self.options = choices.options
        if not self.options:
            self.empty.show()
            self.fields.hide()
            return
        municipalities = dict.fromkeys((o.municipality_id, o.municipality) for o in self.options)
        self.municipality.blockSignals(True)
        for municipality_id, name in municipalities:
            self.municipality.addItem(name, municipality_id)
        select_data(self.municipality, choices.residence_municipality_id, fallback=0)
        self.municipality.blockSignals(False)
        self._fill_services()
        self.fields.setEnabled(True)
        self.save_button.setEnabled(True)
        self.municipality.setFocus()

    def _load_failed(self, error: BaseException) -> None:
        self.loaded = True
        if isinstance(error, NotAllowed):
            self.empty.setText(error.message)
            self.empty.show()
            self.fields.hide()
        else:
            show_error(self, error)

    def _fill_services(self) -> None:
        municipality_id = self.municipality.currentData()
        self.service.clear()
        self.service.addItem(_("Choose…"), "")
        for option in self.options:
            if option.municipality_id == municipality_id:
                self.service.addItem(option.service, option.service_code)

    def _show_text_hint(self) -> None:
        self.text_hint.setText(
            _("Write down what the person asked for: an oral application has no other record.") if self.oral.isChecked()
            else _("A short description of what is applied for (at most {count} characters).").format(count=TEXT_MAX))

    def draft(self) -> ApplicationDraft:
        return ApplicationDraft(service_code=self.service.currentData() or "",
                                received_on=from_qdate(self.received_on.date()),
                                oral=self.oral.isChecked(), text=self.text.toPlainText())

    def save(self) -> None:
        if self.saving or not self.options:
            return
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id
        draft, municipality_id = self.draft(), self.municipality.currentData()
        self.saving = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(
            lambda: applications.register(db, actor, person_id, draft, municipality_id=municipality_id),
            while_alive(self, self._saved), while_alive(self, self._failed), changes="person", parent=self)

    def _saved(self, case: CaseView) -> None:
        self.saving = False
        self.registered.emit(case)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.save_button.setDefault(True)  # disabling it while saving handed Enter to Cancel
        if isinstance(error, ValidationFailed):
            show_errors(self, self.errors, error.errors)
        elif isinstance(error, NotAllowed):
            show_errors(self, self.errors, {"": error.message})
        else:
            show_error(self, error)
