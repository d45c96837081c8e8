"""A participant of an individual plan: who (the person, a colleague, a partner contact, next of kin),
their role, what they contribute, and the person's consent to share with them.

`WhoFields` — choosing who takes part — is shared with the ansvarsgruppe's member form. A contact who is
not in the partner register yet can be added from here without leaving the form.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from navdesk.domain.plans import ParticipantKind, choices
from navdesk.i18n import _
from navdesk.services import individual_plans
from navdesk.services.plan_types import IndividualPlanView, ParticipantForm, ParticipantView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.partner_register_dialog import PartnerRegisterDialog
from navdesk.ui.plans.plan_form import ChoiceBox, People, PlanDialog, button, load_people, text_box
from navdesk.ui.setup.form import hint


class WhoFields:
    """Kind, colleague, partner contact and name rows of a plan form; only the rows the kind needs show."""

    def __init__(self, dialog: PlanDialog, *, kind: str = ParticipantKind.STAFF.value,
                 staff_id: uuid.UUID | None = None, contact_id: uuid.UUID | None = None, name: str = "") -> None:
        self.dialog = dialog
        self.wanted_staff, self.wanted_contact = staff_id, contact_id
        self.kind = ChoiceBox()
        self.kind.set_choices(choices(ParticipantKind), kind)
        self.staff = ChoiceBox()
        self.contact = ChoiceBox()
        self.register_button = button(_("Partner re&gister…"), self.open_register,
                                      _("Add or correct a school, health service, employer … and their contacts"))
        contact_row = QWidget()
        row = QHBoxLayout(contact_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.contact, 1)
        row.addWidget(self.register_button)
        contact_row.setFocusProxy(self.contact)
        self.name = QLineEdit(name)
        self.rows: dict[str, QWidget] = {
            "kind": dialog.add_field(_("&Who"), "kind", self.kind),
            "staff": dialog.add_field(_("&Staff member"), "staff_id", self.staff),
            "contact": dialog.add_field(_("Partner &contact"), "contact_id", contact_row, self.contact),
            "name": dialog.add_field(_("&Name"), "name", self.name),
        }
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.register: PartnerRegisterDialog | None = None
        self._kind_changed()
        self.reload()

    def reload(self) -> None:
        load_people(self.dialog.ctx, self.dialog, self._loaded)

    def _loaded(self, people: People) -> None:
        self.staff.set_choices(people.staff, self.staff.value() or self.wanted_staff)
        self.contact.set_choices(people.contact_choices(), self.contact.value() or self.wanted_contact)
        if not people.contacts:
            self.contact.setPlaceholderText(_("The partner register has no contacts yet"))

    def _kind_changed(self) -> None:
        kind = self.kind.value()
        form = self.dialog.form
        form.setRowVisible(self.rows["staff"], kind == ParticipantKind.STAFF)
        form.setRowVisible(self.rows["contact"], kind == ParticipantKind.PARTNER_CONTACT)
        form.setRowVisible(self.rows["name"], kind in (ParticipantKind.NEXT_OF_KIN, ParticipantKind.OTHER))

    def open_register(self) -> None:
        self.register = PartnerRegisterDialog(self.dialog.ctx, self.dialog)
        self.register.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.register.finished.connect(lambda _result: self.reload())
        self.register.show()

    def values(self) -> tuple[str, uuid.UUID | None, uuid.UUID | None, str]:
        """(kind, staff id, contact id, name) — only what the kind uses."""
        kind = self.kind.value()
        return (kind, self.staff.value() if kind == ParticipantKind.STAFF else None,
                self.contact.value() if kind == ParticipantKind.PARTNER_CONTACT else None,
                self.name.text() if kind in (ParticipantKind.NEXT_OF_KIN, ParticipantKind.OTHER) else "")


class ParticipantDialog(PlanDialog):
    def __init__(self, ctx: UiContext, plan: IndividualPlanView, participant: ParticipantView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Add participant") if participant is None else _("Edit participant"), parent,
                         width=620)
        self.plan = plan
        self.participant = participant
        self.who = WhoFields(self, kind=participant.kind if participant else ParticipantKind.PARTNER_CONTACT.value,
                             staff_id=participant.staff_id if participant else None,
                             contact_id=participant.contact_id if participant else None,
                             name=participant.name if participant and not (participant.staff_id or
                                                                           participant.contact_id) else "")
        self.role = QLineEdit(participant.role if participant else "")
        self.role.setPlaceholderText(_("e.g. GP, teacher, mother"))
        self.contribution = text_box(3)
        self.consent = ChoiceBox(_("Not recorded"))
        self.consent.set_choices([(option.consent_id, option.label) for option in plan.consent_options],
                                 participant.sharing_consent_id if participant else None)
        self.add_field(_("&Role"), "role", self.role)
        self.add_field(_("C&ontributes"), "contribution", self.contribution)
        self.add_field(_("Consent to s&hare"), "sharing_consent_id", self.consent)
        self.form.addRow("", hint(_("Everyone outside NAV needs the person's consent before information is "
                                    "shared with them. Register the consent on the card's Consents tab.")))
        if participant is not None:
            self.contribution.setPlainText(participant.contribution)
        self.who.kind.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, plan, participant = self.ctx.db, self.ctx.actor, self.plan, self.participant
        kind, staff_id, contact_id, name = self.who.values()
        form = ParticipantForm(kind, staff_id, contact_id, name, self.role.text(), self.contribution.toPlainText(),
                               self.consent.value())
        if participant is None:
            return lambda: individual_plans.add_participant(db, actor, plan.plan_id, form)
        return lambda: individual_plans.update_participant(db, actor, participant.participant_id,
                                                           participant.version, form)
