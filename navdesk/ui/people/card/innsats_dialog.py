"""Record a §14a decision: innsatsgruppe, hovedmål and the date it was decided (the history stays on the card)."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from navdesk.domain.codes import Hovedmal, Innsatsgruppe, label
from navdesk.i18n import _
from navdesk.services import people
from navdesk.services.card_types import PersonCard
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.save_dialog import SaveDialog
from navdesk.ui.setup.form import date_edit, from_qdate, hint, select_data


class InnsatsDialog(SaveDialog):
    def __init__(self, ctx: UiContext, card: PersonCard, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("§14a decision"), _("&Record decision"), parent)
        self.person_id: uuid.UUID = card.header.person_id
        self.setMinimumWidth(640)
        self.innsatsgruppe = QComboBox()
        for group in Innsatsgruppe:
            self.innsatsgruppe.addItem(label(group), group)
        self.hovedmal = QComboBox()
        self.hovedmal.addItem(_("No hovedmål"), None)
        for goal in Hovedmal:
            self.hovedmal.addItem(label(goal), goal)
        # Start from the current decision: a new one most often changes only one of the two.
        current = {label(group): group for group in Innsatsgruppe}.get(card.state.innsatsgruppe)
        select_data(self.innsatsgruppe, current, fallback=0)
        select_data(self.hovedmal, {label(goal): goal for goal in Hovedmal}.get(card.state.hovedmal), fallback=0)
        self.decided_on = date_edit(date.today())
        self.note = QLineEdit()
        self.note.setMaxLength(people.NOTE_MAX)
        form = QFormLayout()
        self.add_row(form, _("&Innsatsgruppe"), "innsatsgruppe", self.innsatsgruppe)
        goal_box = QWidget()
        goal_layout = QVBoxLayout(goal_box)
        goal_layout.setContentsMargins(0, 0, 0, 0)
        goal_layout.setSpacing(2)
        goal_layout.addWidget(self.hovedmal)
        goal_layout.addWidget(hint(_("Hovedmål may be left out for the two groups with little or partial work "
                                     "capacity.")))
        self.add_row(form, _("&Hovedmål"), "hovedmal", goal_box, self.hovedmal)
        self.add_row(form, _("&Decided on"), "decided_on", self.decided_on)
        self.add_row(form, _("N&ote"), "note", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.finish(layout)
        self.innsatsgruppe.setFocus()

    def save(self) -> None:
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id
        # Qt hands item data back as plain text: the codes are made again from it.
        group = Innsatsgruppe(self.innsatsgruppe.currentData())
        goal = Hovedmal(self.hovedmal.currentData()) if self.hovedmal.currentData() else None
        decided_on, note = from_qdate(self.decided_on.date()), self.note.text()
        self.run(lambda: people.record_innsats(db, actor, person_id, group, goal, decided_on, note))
