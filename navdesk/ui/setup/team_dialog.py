"""A team: type, the offices and municipalities it covers, its members and an optional lead."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGridLayout, QLabel, QLineEdit, QWidget

from navdesk.domain.codes import TeamType, label
from navdesk.i18n import _
from navdesk.services import org
from navdesk.ui.setup.entity_dialog import EntityDialog
from navdesk.ui.setup.form import CheckList, select_data


class TeamDialog(EntityDialog):
    def title(self) -> str:
        return _("New team") if self.is_new else _("Edit team")

    def build_form(self) -> QWidget:
        self.setMinimumWidth(720)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.team_type = QComboBox()
        for team_type in TeamType:
            self.team_type.addItem(label(team_type), team_type.value)
        self.offices = CheckList(rows_visible=6)
        self.offices.set_choices((o.id, o.label) for o in self.choices.offices)
        self.municipalities = CheckList(rows_visible=6)
        self.municipalities.set_choices((m.id, f"{m.name} ({m.number})") for m in self.choices.municipalities)
        tallest = max(self.offices.height(), self.municipalities.height())
        self.offices.setFixedHeight(tallest)
        self.municipalities.setFixedHeight(tallest)
        self.members = CheckList(rows_visible=8)
        self.members.set_choices((s.id, s.label) for s in self.choices.staff)
        self.lead = QComboBox()
        self.members.changed.connect(self._offer_members_as_lead)

        box = QWidget()
        form = QFormLayout(box)
        form.addRow(_("&Name:"), self.errors.wrap("name", self.name))
        form.addRow(_("&Type:"), self.errors.wrap("team_type", self.team_type))
        covers = QWidget()
        grid = QGridLayout(covers)
        grid.setContentsMargins(0, 0, 0, 0)
        offices_caption = QLabel(_("&Offices"))
        offices_caption.setBuddy(self.offices)
        municipalities_caption = QLabel(_("M&unicipalities"))
        municipalities_caption.setBuddy(self.municipalities)
        grid.addWidget(offices_caption, 0, 0)
        grid.addWidget(municipalities_caption, 0, 1)
        grid.addWidget(self.offices, 1, 0)
        grid.addWidget(self.municipalities, 1, 1)
        form.addRow(_("Covers:"), self.errors.wrap("offices", covers, focus=self.offices))
        form.addRow(_("&Members:"), self.errors.wrap("members", self.members))
        form.addRow(_("Team &lead:"), self.errors.wrap("lead", self.lead))
        return box

    def _offer_members_as_lead(self) -> None:
        """The lead is chosen among the ticked members (or none)."""
        current = self.lead.currentData()
        self.lead.blockSignals(True)
        self.lead.clear()
        self.lead.addItem(_("No team lead"), None)
        chosen = set(self.members.checked())
        for staff in self.choices.staff:
            if staff.id in chosen:
                self.lead.addItem(staff.label, staff.id)
        select_data(self.lead, current, fallback=0)
        self.lead.blockSignals(False)

    def fill(self, detail: org.TeamDetail | None) -> None:
        self.name.setText(detail.name if detail else "")
        select_data(self.team_type, detail.team_type.value if detail else TeamType.OPPFOLGING.value)
        self.offices.check_exactly(detail.office_ids if detail else ())
        self.municipalities.check_exactly(detail.municipality_ids if detail else ())
        self.members.check_exactly(detail.member_ids if detail else ())
        self._offer_members_as_lead()
        lead = detail.lead_id if detail else None
        select_data(self.lead, lead, fallback=0)
        self.name.setFocus()

    def draft(self) -> org.TeamDraft:
        return org.TeamDraft(
            name=self.name.text(),
            team_type=TeamType(self.team_type.currentData()),
            office_ids=self.offices.checked(),
            municipality_ids=self.municipalities.checked(),
            member_ids=self.members.checked(),
            lead_id=self.lead.currentData(),
        )

    def create(self, draft: org.TeamDraft) -> Any:
        return org.create_team(self.ctx.db, self.ctx.actor, draft)

    def update(self, record_id: uuid.UUID, version: int, draft: org.TeamDraft) -> Any:
        return org.update_team(self.ctx.db, self.ctx.actor, record_id, version, draft)

    def fetch(self, record_id: uuid.UUID) -> Any:
        return org.get_team(self.ctx.db, self.ctx.actor, record_id)
