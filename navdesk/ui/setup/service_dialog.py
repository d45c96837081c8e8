"""One entry of a municipality's service catalogue, valid for a period."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from navdesk.domain.codes import Side, label
from navdesk.i18n import _
from navdesk.services import org
from navdesk.ui.setup.entity_dialog import EntityDialog
from navdesk.ui.setup.form import OptionalDate, date_edit, from_qdate, hint, select_data, to_qdate


class ServiceDialog(EntityDialog):
    def title(self) -> str:
        return _("New catalogue entry") if self.is_new else _("Edit catalogue entry")

    def build_form(self) -> QWidget:
        self.municipality = QComboBox()
        self.municipality.setPlaceholderText(_("Choose the municipality"))
        for m in self.choices.municipalities:
            self.municipality.addItem(f"{m.name} ({m.number})", m.id)
        self.code = QLineEdit()
        self.code.setMaxLength(40)
        self.code.setPlaceholderText("oko_stonad")
        self.name = QLineEdit()
        self.name.setMaxLength(150)
        self.side = QComboBox()
        for side in (Side.MUNICIPAL, Side.STATE, Side.CLOSED):
            self.side.addItem(label(side), side)
        self.legal_basis = QLineEdit()
        self.legal_basis.setMaxLength(150)
        self.legal_basis.setPlaceholderText(_("e.g. Sosialtjenesteloven § 18"))
        self.is_minimum = QCheckBox(_("Part of the municipal &minimum (minimumsløsning)"))
        self.processing_days = QSpinBox()
        self.processing_days.setRange(0, 365)
        self.processing_days.setSpecialValueText(_("No deadline"))
        self.processing_days.setSuffix(_(" days"))
        self.processing_days.setMaximumWidth(self.processing_days.sizeHint().width() + 40)
        self.valid_from = date_edit()
        self.valid_to = OptionalDate(_("Has a last day:"))

        box = QWidget()
        form = QFormLayout(box)
        form.addRow(_("M&unicipality:"), self.errors.wrap("municipality", self.municipality))
        form.addRow(_("&Code:"), self.errors.wrap("code", self.code))
        form.addRow(_("&Name:"), self.errors.wrap("name", self.name))
        form.addRow(_("S&ide:"), self.errors.wrap("side", self.side))
        form.addRow(_("&Legal basis:"), self.errors.wrap("legal_basis", self.legal_basis))
        form.addRow("", self.errors.wrap("is_minimum", self.is_minimum))
        form.addRow(_("&Processing time:"), self.errors.wrap("processing_days", self.processing_days))
        form.addRow(_("Valid &from:"), self.errors.wrap("valid_from", self.valid_from))
        form.addRow(_("Valid &to:"), self.errors.wrap("valid_to", self.valid_to, focus=self.valid_to.enabled))
        if not self.is_new:
            form.addRow(
                hint(
                    _(
                        "The code and municipality stay as they are. To change a service from a date, give "
                        "this entry a last day and add a new entry from the day after."
                    )
                )
            )
        return box

    def preselect_municipality(self, municipality_id: uuid.UUID | None) -> None:
        if municipality_id is not None:
            select_data(self.municipality, municipality_id)

    def fill(self, detail: org.ServiceDetail | None) -> None:
        select_data(self.municipality, detail.municipality_id if detail else None)
        self.municipality.setEnabled(detail is None)
        self.code.setText(detail.code if detail else "")
        self.code.setReadOnly(detail is not None)
        self.name.setText(detail.name if detail else "")
        select_data(self.side, detail.side if detail else Side.MUNICIPAL)
        self.legal_basis.setText(detail.legal_basis if detail else "")
        self.is_minimum.setChecked(detail.is_minimum if detail else False)
        self.processing_days.setValue((detail.processing_days or 0) if detail else 0)
        self.valid_from.setDate(to_qdate(detail.valid_from if detail else date.today()))
        self.valid_to.set_value(detail.valid_to if detail else None)
        (self.municipality if detail is None else self.name).setFocus()

    def draft(self) -> org.ServiceDraft:
        days = self.processing_days.value()
        return org.ServiceDraft(
            municipality_id=self.municipality.currentData(),
            code=self.code.text(),
            name=self.name.text(),
            side=Side(self.side.currentData()),
            legal_basis=self.legal_basis.text(),
            is_minimum=self.is_minimum.isChecked(),
            processing_days=days or None,
            valid_from=from_qdate(self.valid_from.date()),
            valid_to=self.valid_to.value(),
        )

    def create(self, draft: org.ServiceDraft) -> Any:
        return org.create_service(self.ctx.db, self.ctx.actor, draft)

    def update(self, record_id: uuid.UUID, version: int, draft: org.ServiceDraft) -> Any:
        return org.update_service(self.ctx.db, self.ctx.actor, record_id, version, draft)

    def fetch(self, record_id: uuid.UUID) -> Any:
        return org.get_service(self.ctx.db, self.ctx.actor, record_id)
