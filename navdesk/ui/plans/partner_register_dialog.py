"""The register of external partners and their named contacts, shared by every plan and ansvarsgruppe:
search, filter by kind, add and correct partners and contacts."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from navdesk.i18n import _
from navdesk.services import partners
from navdesk.services.plan_choices import plan_choices
from navdesk.services.plan_types import PartnerContactView, PartnerView
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import empty_state
from navdesk.ui.plans.partner_dialog import PartnerContactDialog, PartnerDialog
from navdesk.ui.plans.plan_form import ChoiceBox, button, or_dash, rows_list, section_title, value_label
from navdesk.ui.setup.callbacks import while_alive


class PartnerRegisterDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.partners: tuple[PartnerView, ...] = ()
        self.municipalities: tuple[tuple[uuid.UUID, str], ...] = ()
        self.dialog: QDialog | None = None  # the partner or contact form open over the register
        self._request = 0
        self._select_after: uuid.UUID | None = None
        self.setWindowTitle(_("Partner register"))
        self.resize(940, 560)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name"))
        self.search.setClearButtonEnabled(True)
        self.kind = ChoiceBox(_("All kinds"))
        self.kind.set_choices(partners.partner_kinds())
        self.inactive = QCheckBox(_("Show partners no longer in use"))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.inactive)

        self.list = rows_list([_("Organisation"), _("Kind"), _("Municipality")], (0,))
        self.list.currentItemChanged.connect(lambda *_args: self._show_partner())
        self.list.itemActivated.connect(lambda *_args: self.edit_partner())
        self.empty = empty_state(_("No partner matches. Add one with “New partner…”."))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty)
        self.new_partner_button = button(_("&New partner…"), self.new_partner)
        self.edit_partner_button = button(_("&Edit partner…"), self.edit_partner)
        partner_buttons = QHBoxLayout()
        partner_buttons.addWidget(self.new_partner_button)
        partner_buttons.addWidget(self.edit_partner_button)
        partner_buttons.addStretch(1)
        left_layout.addLayout(partner_buttons)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.partner_title = section_title("")
        details = QGridLayout()
        self.address, self.phone, self.email = value_label(), value_label(), value_label()
        for row, (caption, widget) in enumerate(((_("Address"), self.address), (_("Phone"), self.phone),
                                                 (_("E-mail"), self.email))):
            details.addWidget(QLabel(caption), row, 0, Qt.AlignmentFlag.AlignTop)
            details.addWidget(widget, row, 1)
        details.setColumnStretch(1, 1)
        self.contacts = rows_list([_("Contact"), _("Title"), _("Phone"), _("E-mail")], (0, 3))
        self.contacts.itemActivated.connect(lambda *_args: self.edit_contact())
        self.no_contacts = empty_state(_("No named contacts yet. Add the people you work with there."))
        self.new_contact_button = button(_("New &contact…"), self.new_contact)
        self.edit_contact_button = button(_("Edit c&ontact…"), self.edit_contact)
        contact_buttons = QHBoxLayout()
        contact_buttons.addWidget(self.new_contact_button)
        contact_buttons.addWidget(self.edit_contact_button)
        contact_buttons.addStretch(1)
        right_layout.addWidget(self.partner_title)
        right_layout.addLayout(details)
        right_layout.addWidget(section_title(_("Contacts")))
        right_layout.addWidget(self.contacts, 1)
        right_layout.addWidget(self.no_contacts)
        right_layout.addLayout(contact_buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([540, 360])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        self.search.textChanged.connect(lambda _text: self.reload())
        self.kind.currentIndexChanged.connect(lambda _index: self.reload())
        self.inactive.toggled.connect(lambda _on: self.reload())
        self.search.setFocus()
        db, actor = ctx.db, ctx.actor
        ctx.worker.run(lambda: plan_choices(db, actor).municipalities,
                       while_alive(self, self._municipalities_loaded), parent=self)
        self.reload()

    def _municipalities_loaded(self, municipalities: tuple[tuple[uuid.UUID, str], ...]) -> None:
        self.municipalities = municipalities

    def reload(self) -> None:
        self._request += 1
        request = self._request
        db, actor = self.ctx.db, self.ctx.actor
        kind, search, inactive = self.kind.value(), self.search.text(), self.inactive.isChecked()

        def show(found: tuple[PartnerView, ...]) -> None:
            if request == self._request:
                self._show(found)

        self.ctx.worker.run(lambda: partners.list_partners(db, actor, kind=kind, search=search,
                                                           include_inactive=inactive),
                            while_alive(self, show), parent=self)

    def _show(self, found: tuple[PartnerView, ...]) -> None:
        keep = self._select_after or self.list.current_value()
        self._select_after = None
        self.partners = found
        self.list.set_rows(((partner.name + ("" if partner.active else " " + _("(not in use)")), partner.kind_label,
                             partner.municipality), partner.partner_id) for partner in found)
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == keep:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(found))
        self.empty.setVisible(not found)
        self._show_partner()

    def current_partner(self) -> PartnerView | None:
        wanted = self.list.current_value()
        return next((partner for partner in self.partners if partner.partner_id == wanted), None)

    def current_contact(self) -> PartnerContactView | None:
        partner = self.current_partner()
        wanted = self.contacts.current_value()
        if partner is None:
            return None
        return next((contact for contact in partner.contacts if contact.contact_id == wanted), None)

    def _show_partner(self) -> None:
        partner = self.current_partner()
        self.partner_title.setText(partner.name if partner else _("Choose a partner"))
        self.address.setText(or_dash(partner.address) if partner else "")
        self.phone.setText(or_dash(partner.phone) if partner else "")
        self.email.setText(or_dash(partner.email) if partner else "")
        contacts = partner.contacts if partner else ()
        self.contacts.set_rows(((contact.name + ("" if contact.active else " " + _("(not in use)")), contact.title,
                                 contact.phone, contact.email), contact.contact_id) for contact in contacts)
        self.contacts.setVisible(bool(contacts))
        self.no_contacts.setVisible(partner is not None and not contacts)
        for widget in (self.edit_partner_button, self.new_contact_button):
            widget.setEnabled(partner is not None)
        self.edit_contact_button.setEnabled(bool(contacts))

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)  # type: ignore[attr-defined]
        dialog.show()

    def _saved(self, partner: PartnerView) -> None:
        self._select_after = partner.partner_id
        self.reload()

    def new_partner(self) -> None:
        self._open(PartnerDialog(self.ctx, self.municipalities, None, self))

    def edit_partner(self) -> None:
        partner = self.current_partner()
        if partner is not None:
            self._open(PartnerDialog(self.ctx, self.municipalities, partner, self))

    def new_contact(self) -> None:
        partner = self.current_partner()
        if partner is not None:
            self._open(PartnerContactDialog(self.ctx, partner, None, self))

    def edit_contact(self) -> None:
        partner, contact = self.current_partner(), self.current_contact()
        if partner is not None and contact is not None:
            self._open(PartnerContactDialog(self.ctx, partner, contact, self))
