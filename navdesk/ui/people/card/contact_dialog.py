"""Register a contact with the person: when, on which side, how, and a short summary."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from navdesk.i18n import _
from navdesk.services import contact_log
from navdesk.services.card_types import NoteTarget
from navdesk.services.contact_log import ContactForm
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.save_dialog import SaveDialog
from navdesk.ui.setup.form import date_edit, from_qdate, time_edit, time_of


class ContactDialog(SaveDialog):
    FIELD_ALIASES: ClassVar[dict[str, str]] = {"responsible_municipality_id": "side", "service_code": "side"}

    def __init__(self, ctx: UiContext, person_id: uuid.UUID, targets: tuple[NoteTarget, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Register contact"), _("&Register"), parent)
        self.person_id = person_id
        self.setMinimumWidth(640)
        self.target = QComboBox()
        for target in contact_log.contact_targets(targets):
            self.target.addItem(target.label, target)
        self.channel = QComboBox()
        for choice in contact_log.channel_choices():
            self.channel.addItem(choice.label, choice.code)
        now = datetime.now()
        self.day = date_edit(now.date())
        self.time = time_edit(now.time())
        when = QWidget()
        when_layout = QHBoxLayout(when)
        when_layout.setContentsMargins(0, 0, 0, 0)
        when_layout.addWidget(self.day)
        when_layout.addWidget(self.time)
        when_layout.addStretch(1)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(_("What it was about and what was agreed"))
        self.summary.setMinimumHeight(110)
        form = QFormLayout()
        self.add_row(form, _("&When"), "at", when, self.day)
        self.add_row(form, _("&How"), "channel", self.channel)
        self.add_row(form, _("Wh&ere"), "side", self.target)
        self.add_row(form, _("&Summary"), "summary", self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        self.finish(layout)
        # The time is usually now: the cursor starts at how the contact took place.
        self.channel.setFocus()

    def form(self) -> ContactForm:
        target: NoteTarget | None = self.target.currentData()
        return ContactForm(
            side=target.side.value if target else "",
            responsible_municipality_id=target.municipality_id if target else None,
            service_code=target.service_code if target else "",
            channel=self.channel.currentData(),
            at=datetime.combine(from_qdate(self.day.date()), time_of(self.time)),
            summary=self.summary.toPlainText(),
        )

    def save(self) -> None:
        db, actor, person_id, form = self.ctx.db, self.ctx.actor, self.person_id, self.form()
        self.run(lambda: contact_log.register_contact(db, actor, person_id, form))

