"""Adding or correcting an external partner (school, health service, DPS, employer …) and its named contacts.

Nothing is deleted: a partner or contact no longer used is made inactive and stays in the plans that
name it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from navdesk.i18n import _
from navdesk.services import partners
from navdesk.services.plan_types import PartnerContactForm, PartnerContactView, PartnerForm, PartnerView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import ChoiceBox, PlanDialog

# Partner saves do not touch person data: open cards need not reload, only the register and the pickers.
PARTNERS = "partners"


class PartnerDialog(PlanDialog):
    def __init__(self, ctx: UiContext, municipalities: Sequence[tuple[uuid.UUID, str]],
                 partner: PartnerView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New partner") if partner is None else _("Edit partner"), parent,
                         changes=PARTNERS)
        self.partner = partner
        self.name = QLineEdit(partner.name if partner else "")
        self.kind = ChoiceBox()
        self.kind.set_choices(partners.partner_kinds(), partner.kind if partner else None)
        self.municipality = ChoiceBox(_("Not tied to one municipality"))
        self.municipality.set_choices(municipalities, partner.municipality_id if partner else None)
        self.address = QLineEdit(partner.address if partner else "")
        self.phone = QLineEdit(partner.phone if partner else "")
        self.email = QLineEdit(partner.email if partner else "")
        self.active = QCheckBox(_("In use (untick when the partner is no longer used)"))
        self.active.setChecked(partner.active if partner else True)
        self.add_field(_("&Name"), "name", self.name)
        self.add_field(_("&Kind"), "kind", self.kind)
        self.add_field(_("&Municipality"), "municipality_id", self.municipality)
        self.add_field(_("&Address"), "address", self.address)
        self.add_field(_("&Phone"), "phone", self.phone)
        self.add_field(_("&E-mail"), "email", self.email)
        if partner is not None:
            self.add_field("", "active", self.active)
        self.name.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, partner = self.ctx.db, self.ctx.actor, self.partner
        form = PartnerForm(self.name.text(), self.kind.value(), self.municipality.value(), self.address.text(),
                           self.phone.text(), self.email.text())
        active = self.active.isChecked()
        if partner is None:
            return lambda: partners.create_partner(db, actor, form)
        return lambda: partners.update_partner(db, actor, partner.partner_id, partner.version, form, active=active)


class PartnerContactDialog(PlanDialog):
    def __init__(self, ctx: UiContext, partner: PartnerView, contact: PartnerContactView | None = None,
                 parent: QWidget | None = None) -> None:
        title = (_("New contact at {partner}") if contact is None else _("Edit contact at {partner}")).format(
            partner=partner.name)
        super().__init__(ctx, title, parent, changes=PARTNERS)
        self.partner = partner
        self.contact = contact
        self.name = QLineEdit(contact.name if contact else "")
        self.title_edit = QLineEdit(contact.title if contact else "")
        self.title_edit.setPlaceholderText(_("e.g. GP, contact teacher, psychologist"))
        self.phone = QLineEdit(contact.phone if contact else "")
        self.email = QLineEdit(contact.email if contact else "")
        self.active = QCheckBox(_("In use (untick when the contact has left)"))
        self.active.setChecked(contact.active if contact else True)
        self.add_field(_("&Name"), "name", self.name)
        self.add_field(_("&Title"), "title", self.title_edit)
        self.add_field(_("&Phone"), "phone", self.phone)
        self.add_field(_("&E-mail"), "email", self.email)
        if contact is not None:
            self.add_field("", "active", self.active)
        self.name.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, partner, contact = self.ctx.db, self.ctx.actor, self.partner, self.contact
        form = PartnerContactForm(self.name.text(), self.title_edit.text(), self.phone.text(), self.email.text())
        active = self.active.isChecked()
        if contact is None:
            return lambda: partners.add_partner_contact(db, actor, partner.partner_id, form)
        return lambda: partners.update_partner_contact(db, actor, contact.contact_id, contact.version, form,
                                                       active=active)
