"""A host agreement (vertskommuneavtale): host, period, and which member takes part in which service."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from navdesk.domain.codes import Side
from navdesk.i18n import _
from navdesk.services import org
from navdesk.ui.setup.coverage_grid import CoverageGrid
from navdesk.ui.setup.entity_dialog import EntityDialog
from navdesk.ui.setup.form import OptionalDate, date_edit, from_qdate, hint, select_data, to_qdate


class HostAgreementDialog(EntityDialog):
    def title(self) -> str:
        return _("New host agreement") if self.is_new else _("Edit host agreement")

    def build_form(self) -> QWidget:
        self.setMinimumWidth(860)
        self.name = QLineEdit()
        self.name.setMaxLength(150)
        self.name.setPlaceholderText(_("e.g. Vertskommuneavtale NAV Gol og Hemsedal"))
        self.host = QComboBox()
        self.host.setPlaceholderText(_("Choose the host municipality"))
        for m in self.choices.municipalities:
            self.host.addItem(f"{m.name} ({m.number})", m.id)
        self.valid_from = date_edit()
        self.valid_to = OptionalDate(_("Has a last day:"))
        services = [s for s in self.choices.services if s.side is not Side.STATE]
        self.grid = CoverageGrid(self.choices.municipalities, services)
        self.host.currentIndexChanged.connect(lambda _index: self.grid.set_host(self.host.currentData()))

        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.errors.wrap("name", self.name))
        form.addRow(_("&Host municipality:"), self.errors.wrap("host", self.host))
        form.addRow(_("Valid &from:"), self.errors.wrap("valid_from", self.valid_from))
        form.addRow(_("Valid &to:"), self.errors.wrap("valid_to", self.valid_to, focus=self.valid_to.enabled))
        layout.addLayout(form)
        layout.addWidget(
            hint(
                _(
                    "Tick the services each member municipality has handed to the host. A member that "
                    "keeps some services itself takes part only partly. Click a heading to tick a whole "
                    "row or column."
                )
            )
        )
        layout.addWidget(self.errors.wrap("coverage", self.grid))
        layout.addStretch(1)
        return box

    def fill(self, detail: org.HostAgreementDetail | None) -> None:
        self.name.setText(detail.name if detail else "")
        select_data(self.host, detail.host_id if detail else None)
        self.grid.set_host(detail.host_id if detail else None)
        self.valid_from.setDate(to_qdate(detail.valid_from if detail else date.today()))
        self.valid_to.set_value(detail.valid_to if detail else None)
        self.grid.set_coverage(detail.coverage if detail else frozenset())
        self.name.setFocus()

    def draft(self) -> org.HostAgreementDraft:
        return org.HostAgreementDraft(
            name=self.name.text(),
            host_id=self.host.currentData(),
            valid_from=from_qdate(self.valid_from.date()),
            valid_to=self.valid_to.value(),
            coverage=self.grid.coverage(),
        )

    def create(self, draft: org.HostAgreementDraft) -> Any:
        return org.create_host_agreement(self.ctx.db, self.ctx.actor, draft)

    def update(self, record_id: uuid.UUID, version: int, draft: org.HostAgreementDraft) -> Any:
        return org.update_host_agreement(self.ctx.db, self.ctx.actor, record_id, version, draft)

    def fetch(self, record_id: uuid.UUID) -> Any:
        return org.get_host_agreement(self.ctx.db, self.ctx.actor, record_id)
