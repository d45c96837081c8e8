"""A municipality: number and name. A new one starts with the default service catalogue."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from navdesk.i18n import _
from navdesk.services import org
from navdesk.ui.setup.entity_dialog import EntityDialog
from navdesk.ui.setup.form import hint


class MunicipalityDialog(EntityDialog):
    def title(self) -> str:
        return _("New municipality") if self.is_new else _("Edit municipality")

    def build_form(self) -> QWidget:
        self.number = QLineEdit()
        self.number.setMaxLength(4)
        self.number.setPlaceholderText("3324")
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(_("Municipality n&umber:"), self.errors.wrap("number", self.number))
        form.addRow(_("&Name:"), self.errors.wrap("name", self.name))
        if self.is_new:
            form.addRow(
                hint(
                    _(
                        "The new municipality's service catalogue starts with the municipal minimum and the "
                        "state services, valid from today. Adjust it under Service catalogue."
                    )
                )
            )
        return box

    def fill(self, detail: org.MunicipalityDetail | None) -> None:
        self.number.setText(detail.number if detail else "")
        self.name.setText(detail.name if detail else "")
        self.number.setFocus()

    def draft(self) -> org.MunicipalityDraft:
        return org.MunicipalityDraft(self.number.text(), self.name.text())

    def create(self, draft: org.MunicipalityDraft) -> Any:
        return org.create_municipality(self.ctx.db, self.ctx.actor, draft)

    def update(self, record_id: uuid.UUID, version: int, draft: org.MunicipalityDraft) -> Any:
        return org.update_municipality(self.ctx.db, self.ctx.actor, record_id, version, draft)

    def fetch(self, record_id: uuid.UUID) -> Any:
        return org.get_municipality(self.ctx.db, self.ctx.actor, record_id)
