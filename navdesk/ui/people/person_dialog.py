"""Register a person, or edit one: identity, contact and address, household. Errors show next to fields.

The service checks everything and saves nothing until all is valid. A protected address is never
loaded into the form: its fields stay empty and locked, with the reason beside them.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from navdesk.domain.codes import HouseholdRelation, label
from navdesk.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from navdesk.domain.person_rules import HouseholdEntry, PersonForm, language_name
from navdesk.i18n import _
from navdesk.services import people
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import FormErrors, OptionalDate, hint, select_data
from navdesk.ui.setup.rows_editor import EditorRow, RowsEditor
from navdesk.ui.worker import show_error

CHANGES = "person"


class PersonDialog(QDialog):
    """New person when `person_id` is None, else the edit form of that person."""

    saved = Signal(object)  # people.PersonSaved

    def __init__(self, ctx: UiContext, person_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.loaded: people.PersonFormData | None = None
        self.errors = FormErrors()
        self.saving = False
        self.setWindowTitle(_("Register a person") if person_id is None else _("Edit person"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._identity_page(), _("&Person"))
        self.tabs.addTab(self._contact_page(), _("&Contact and address"))
        self.tabs.addTab(self._household_page(), _("&Household"))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.errors.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.archive_button = QPushButton()
        self.archive_button.clicked.connect(self._archive_or_reopen)
        self.buttons.addButton(self.archive_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.archive_button.hide()  # shown once an existing person is loaded
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Only now that the button is in the dialog does it become the dialog's default (Enter saves).
        self.save_button.setDefault(True)
        self._set_enabled(False)
        self._load()

    # --- layout ---------------------------------------------------------------------------------------

    def _identity_page(self) -> QWidget:
        self.fnr = QLineEdit()
        self.fnr.setMaxLength(13)
        self.fnr.setPlaceholderText(_("11 digits"))
        self.first_name = QLineEdit()
        self.first_name.setMaxLength(100)
        self.last_name = QLineEdit()
        self.last_name.setMaxLength(100)
        self.municipality = QComboBox()
        self.digital = QCheckBox(_("Can use NAV's &digital self-service"))
        self.protected = QCheckBox(_("Strengt fortrolig adresse (protected &address)"))
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(_("&Fødselsnummer or D-number:"), self.errors.wrap("fnr", self.fnr))
        form.addRow(_("F&irst name(s):"), self.errors.wrap("first_name", self.first_name))
        form.addRow(_("&Last name:"), self.errors.wrap("last_name", self.last_name))
        form.addRow(_("Lives in (&municipality):"), self.errors.wrap("residence_municipality_id", self.municipality))
        form.addRow("", self.errors.wrap("digital_self_service", self.digital))
        form.addRow("", self.errors.wrap("protected_address", self.protected))
        form.addRow(hint(_("The birth date is read from the number. A protected address is never shown or "
                           "printed, to anyone — also not to you once it is saved.")))
        return page

    def _contact_page(self) -> QWidget:
        self.phone = QLineEdit()
        self.phone.setMaxLength(30)
        self.phone.setPlaceholderText("912 34 567")
        self.email = QLineEdit()
        self.email.setMaxLength(120)
        self.language = QComboBox()
        self.interpreter = QCheckBox(_("Needs an &interpreter"))
        self.address_line = QLineEdit()
        self.address_line.setMaxLength(200)
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(4)
        self.postal_code.setMaximumWidth(80)
        self.postal_place = QLineEdit()
        self.postal_place.setMaxLength(100)
        self.address_note = QLabel()
        self.address_note.setObjectName("addressWithheld")
        self.address_note.setWordWrap(True)
        self.address_note.hide()
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(_("Ph&one:"), self.errors.wrap("phone", self.phone))
        form.addRow(_("&E-mail:"), self.errors.wrap("email", self.email))
        form.addRow(_("&Language:"), self.errors.wrap("language", self.language))
        form.addRow("", self.errors.wrap("interpreter_needed", self.interpreter))
        form.addRow(_("&Address:"), self.errors.wrap("address_line", self.address_line))
        form.addRow(_("Postal co&de:"), self.errors.wrap("postal_code", self.postal_code))
        form.addRow(_("Pos&tal place:"), self.errors.wrap("postal_place", self.postal_place))
        form.addRow(self.address_note)
        return page

    def _household_page(self) -> QWidget:
        def make(entry: HouseholdEntry) -> EditorRow:
            relation = QComboBox()
            for code in HouseholdRelation:
                relation.addItem(label(code), code)
            select_data(relation, entry.relation, fallback=0)
            name = QLineEdit(entry.first_name)
            name.setMaxLength(100)
            name.setPlaceholderText(_("First name"))
            born = OptionalDate(_("Born"))
            born.set_value(entry.birth_date)
            return EditorRow([relation, name, born],
                             lambda: HouseholdEntry(relation.currentData(), name.text(), born.value()))

        self.household = RowsEditor(
            [_("Relation"), _("First name"), _("Birth date")], make,
            lambda _values: HouseholdEntry(HouseholdRelation.CHILD, "", date.today()),
            add_caption=_("&Add household member"),
            empty_text=_("No one else in the household is registered. Children's needs must be assessed in "
                         "benefit cases: add them here."),
            stretch_column=1,
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.errors.wrap("household", self.household))
        return page

    # --- loading and filling --------------------------------------------------------------------------

    def _load(self) -> None:
        if self.person_id is None:
            self.ctx.worker.run(lambda: people.person_choices(self.ctx.db, self.ctx.actor),
                                while_alive(self, self._fill_new), while_alive(self, self._load_failed), parent=self)
        else:
            person_id = self.person_id
            self.ctx.worker.run(lambda: people.person_form(self.ctx.db, self.ctx.actor, person_id),
                                while_alive(self, self._fill), while_alive(self, self._load_failed), parent=self)

    def _load_failed(self, error: BaseException) -> None:
        show_error(self, error)
        self.reject()

    def _fill_choices(self, choices: people.PersonChoices, language: str) -> None:
        self.municipality.clear()
        self.municipality.addItem(_("Choose…"), None)
        for municipality in choices.municipalities:
            self.municipality.addItem(municipality.text, municipality.id)
        self.language.clear()
        codes = [option.code for option in choices.languages]
        for option in choices.languages:
            self.language.addItem(option.name, option.code)
        if language not in codes:
            self.language.addItem(language_name(language), language)

    def _fill_new(self, choices: people.PersonChoices) -> None:
        self._fill_choices(choices, "nb")
        select_data(self.municipality, choices.default_municipality_id, fallback=0)
        select_data(self.language, "nb", fallback=0)
        self.digital.setChecked(True)
        self._set_enabled(True)
        self.fnr.setFocus()

    def _fill(self, data: people.PersonFormData) -> None:
        self.loaded = data
        form = data.form
        self._fill_choices(data.choices, form.language)
        self.fnr.setText(form.fnr)
        self.first_name.setText(form.first_name)
        self.last_name.setText(form.last_name)
        select_data(self.municipality, form.residence_municipality_id, fallback=0)
        self.phone.setText(form.phone)
        self.email.setText(form.email)
        select_data(self.language, form.language, fallback=0)
        self.interpreter.setChecked(form.interpreter_needed)
        self.digital.setChecked(form.digital_self_service)
        self.protected.setChecked(form.protected_address)
        self.address_line.setText(form.address_line)
        self.postal_code.setText(form.postal_code)
        self.postal_place.setText(form.postal_place)
        self.household.set_values(form.household)
        self._set_enabled(True)
        self._show_address_state(data.address_withheld, data.address_note)
        self.protected.toggled.connect(lambda on: self._show_address_state(
            on and data.address_withheld, data.address_note))
        self.archive_button.setText(_("&Reopen") if data.archived else _("Close and &keep…"))
        self.archive_button.show()
        self.first_name.setFocus()

    def _show_address_state(self, withheld: bool, note: str) -> None:
        """A withheld address stays locked; lifting the protection lets a new address be typed."""
        for field in (self.address_line, self.postal_code, self.postal_place):
            field.setEnabled(not withheld)
        self.address_note.setText(note if withheld else "")
        self.address_note.setVisible(withheld)

    def _set_enabled(self, enabled: bool) -> None:
        self.tabs.setEnabled(enabled)
        self.save_button.setEnabled(enabled and not self.saving)

    # --- saving ---------------------------------------------------------------------------------------

    def form(self) -> PersonForm:
        return PersonForm(
            fnr=self.fnr.text(), first_name=self.first_name.text(), last_name=self.last_name.text(),
            residence_municipality_id=self.municipality.currentData(), phone=self.phone.text(),
            email=self.email.text(), address_line=self.address_line.text(), postal_code=self.postal_code.text(),
            postal_place=self.postal_place.text(), protected_address=self.protected.isChecked(),
            language=self.language.currentData() or "", interpreter_needed=self.interpreter.isChecked(),
            digital_self_service=self.digital.isChecked(), household=tuple(self.household.values()),
        )

    def save(self) -> None:
        if self.saving or not self.save_button.isEnabled():
            return
        form, loaded, db, actor = self.form(), self.loaded, self.ctx.db, self.ctx.actor

        def operation() -> Any:  # on the worker: touches no widget
            if loaded is None:
                return people.create_person(db, actor, form)
            return people.update_person(db, actor, loaded.id, loaded.version, form)

        self._set_saving(True)
        self.ctx.worker.run(operation, while_alive(self, self._saved), while_alive(self, self._failed),
                            changes=CHANGES, parent=self)

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)

    def _saved(self, result: people.PersonSaved) -> None:
        self._set_saving(False)
        self.errors.clear()
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationFailed):
            self.errors.show(error.errors)
        elif isinstance(error, Conflict):
            answer = QMessageBox.question(
                self, _("Changed by someone else"),
                error.message + "\n\n" + _("Load their version now? What you typed here will be lost."))
            if answer == QMessageBox.StandardButton.Yes:
                self._set_enabled(False)
                self._load()
        elif isinstance(error, NotAllowed | NotFound):
            show_error(self, error)
            self.reject()
        else:
            show_error(self, error)

    def _archive_or_reopen(self) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        if not loaded.archived:
            answer = QMessageBox.question(
                self, _("Close and keep"),
                _("Close this person's file? They leave the daily lists; nothing is deleted, and the file can "
                  "be reopened."))
            if answer != QMessageBox.StandardButton.Yes:
                return
        action = people.reopen_person if loaded.archived else people.archive_person
        db, actor = self.ctx.db, self.ctx.actor
        self._set_saving(True)
        self.ctx.worker.run(lambda: action(db, actor, loaded.id, loaded.version), while_alive(self, self._saved),
                            while_alive(self, self._failed), changes=CHANGES, parent=self)
