"""A new member of an ansvarsgruppe (a colleague, a partner contact, next of kin …), and a member leaving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from navdesk.domain.plans import ParticipantKind
from navdesk.i18n import _
from navdesk.services import individual_plans
from navdesk.services.plan_types import AnsvarsgruppeView, MemberForm, MemberView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.ip_participant_dialog import WhoFields
from navdesk.ui.plans.plan_form import PlanDialog
from navdesk.ui.setup.form import date_edit, from_qdate, hint


class MemberDialog(PlanDialog):
    def __init__(self, ctx: UiContext, group: AnsvarsgruppeView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Add a member to {group}").format(group=group.name), parent, width=600)
        self.group = group
        self.who = WhoFields(self, kind=ParticipantKind.PARTNER_CONTACT.value)
        self.role = QLineEdit()
        self.role.setPlaceholderText(_("e.g. coordinator, GP, contact teacher"))
        self.add_field(_("&Role"), "role", self.role)
        self.who.kind.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, group = self.ctx.db, self.ctx.actor, self.group
        kind, staff_id, contact_id, name = self.who.values()
        form = MemberForm(kind, staff_id, contact_id, name, self.role.text())
        return lambda: individual_plans.add_member(db, actor, group.group_id, form)


class MemberLeavesDialog(PlanDialog):
    def __init__(self, ctx: UiContext, member: MemberView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("{name} leaves the group").format(name=member.name), parent)
        self.member = member
        self.left_on = date_edit(date.today())
        self.add_field(_("&Left on"), "left_on", self.left_on)
        self.form.addRow("", hint(_("They stay in the minutes of the meetings they attended.")))
        self.left_on.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, member = self.ctx.db, self.ctx.actor, self.member
        left_on = from_qdate(self.left_on.date())
        return lambda: individual_plans.member_leaves(db, actor, member.member_id, left_on)
