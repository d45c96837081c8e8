"""Who follows the person up: the owning team and up to three contact veiledere, with the history.

Changing the contact veiledere asks whether the change was agreed with the person (the answer is kept
with the new contacts), because a person who was not asked should hear about it from the office.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from navdesk.i18n import _, format_datetime
from navdesk.services import people
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.save_dialog import SaveDialog
from navdesk.ui.people.card.widgets import RowsList
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import hint, select_data


class OwnershipDialog(SaveDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Ownership"), _("&Save"), parent)
        self.person_id = person_id
        self.loaded: people.Ownership | None = None
        self.resize(760, 560)
        self.team = QComboBox()
        self.contacts = [QComboBox() for _index in range(people.MAX_CONTACTS)]
        contacts_box = QWidget()
        contacts_layout = QFormLayout(contacts_box)
        contacts_layout.setContentsMargins(0, 0, 0, 0)
        for caption, combo in zip((_("&Primary"), _("Seco&nd"), _("T&hird")), self.contacts, strict=True):
            contacts_layout.addRow(caption, combo)
            combo.currentIndexChanged.connect(self._contacts_changed)

        self.agreed_yes = QRadioButton(_("&Yes"))
        self.agreed_no = QRadioButton(_("N&o"))
        self.agreed = QButtonGroup(self)
        for button in (self.agreed_yes, self.agreed_no):
            self.agreed.addButton(button)
        agreement = QWidget()
        agreement_layout = QHBoxLayout(agreement)
        agreement_layout.setContentsMargins(0, 0, 0, 0)
        agreement_layout.addWidget(self.agreed_yes)
        agreement_layout.addWidget(self.agreed_no)
        agreement_layout.addStretch(1)
        self.agreement_caption = QLabel(_("Was the change of contact veileder agreed with the person?"))
        self.agreement_caption.setWordWrap(True)
        self.agreement_box = QWidget()
        box_layout = QVBoxLayout(self.agreement_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(2)
        box_layout.addWidget(self.agreement_caption)
        box_layout.addWidget(self.errors.wrap("agreed", agreement, self.agreed_yes))

        self.note = QLineEdit()
        self.note.setMaxLength(people.NOTE_MAX)
        self.note.setPlaceholderText(_("Why the change, for whoever takes over later"))
        self.history = RowsList([_("When"), _("By"), _("Team"), _("Contact veiledere"), _("Note")])

        self.form = QFormLayout()
        self.add_row(self.form, _("Owning &team"), "team_id", self.team)
        self.add_row(self.form, _("Contact veiledere"), "contacts", contacts_box, self.contacts[0])
        self.form.addRow("", hint(_("The first is the primary contact. A team can own the person until a "
                                    "veileder takes them on.")))
        self.form.addRow("", self.agreement_box)
        self.add_row(self.form, _("N&ote"), "note", self.note)
        self.form.setRowVisible(self.agreement_box, False)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(QLabel(_("History")))
        layout.addWidget(self.history, 1)
        self.finish(layout)
        self._set_enabled(False)
        db, actor = ctx.db, ctx.actor
        ctx.worker.run(lambda: people.ownership(db, actor, person_id), while_alive(self, self._show),
                       while_alive(self, self.failed), parent=self)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.team, *self.contacts, self.note, self.save_button):
            widget.setEnabled(enabled)

    def _show(self, ownership: people.Ownership) -> None:
        self.loaded = ownership
        self.team.clear()
        self.team.addItem(_("No owning team"), None)
        for option in ownership.teams:
            self.team.addItem(option.text, option.id)
        select_data(self.team, ownership.team_id, fallback=0)
        # A current contact who may no longer be chosen still shows, so that nothing changes unasked.
        choices = {option.id: option.text for option in ownership.assignable}
        for contact in ownership.contacts:
            choices.setdefault(contact.staff_id, contact.name)
        for index, combo in enumerate(self.contacts):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("None"), None)
            for staff_id, name in sorted(choices.items(), key=lambda pair: pair[1]):
                combo.addItem(name, staff_id)
            current = ownership.contacts[index].staff_id if index < len(ownership.contacts) else None
            select_data(combo, current, fallback=0)
            combo.blockSignals(False)
        self.history.set_rows(
            ((format_datetime(change.at), change.by, change.team, ", ".join(change.contacts), change.note), None)
            for change in ownership.history)
        self._set_enabled(True)
        self._contacts_changed()
        self.team.setFocus()

    def chosen_contacts(self) -> list[uuid.UUID]:
        return [combo.currentData() for combo in self.contacts if combo.currentData() is not None]

    def contacts_change(self) -> bool:
        if self.loaded is None:
            return False
        return self.chosen_contacts() != [contact.staff_id for contact in self.loaded.contacts]

    def _contacts_changed(self) -> None:
        changing = self.contacts_change()
        self.form.setRowVisible(self.agreement_box, changing)
        if not changing:
            self.errors.label("agreed").show_message(None)

    def save(self) -> None:
        if self.loaded is None:
            return
        changing = self.contacts_change()
        if changing and self.agreed.checkedButton() is None:
            self.errors.show({"agreed": _("Answer whether the person agreed to the change.")})
            return
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id
        team_id, contacts, note = self.team.currentData(), self.chosen_contacts(), self.note.text()
        agreed = changing and self.agreed_yes.isChecked()
        self.run(lambda: people.set_ownership(db, actor, person_id, team_id, contacts, agreed, note))
