"""Ending an individual plan; it is kept for the archive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from navdesk.i18n import _
from navdesk.services import individual_plans
from navdesk.services.plan_types import IndividualPlanView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import PlanDialog
from navdesk.ui.setup.form import date_edit, from_qdate, hint


class EndPlanDialog(PlanDialog):
    def __init__(self, ctx: UiContext, plan: IndividualPlanView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("End the individual plan"), parent, save_text=_("&End plan"))
        self.plan = plan
        self.ended_on = date_edit(date.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. the goals are reached, or the person moved"))
        self.add_field(_("Ended &on"), "ended_on", self.ended_on)
        self.add_field(_("&Reason"), "reason", self.reason)
        self.form.addRow("", hint(_("The plan, its revisions and the minutes stay in the archive.")))
        self.reason.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, plan = self.ctx.db, self.ctx.actor, self.plan
        ended_on, reason = from_qdate(self.ended_on.date()), self.reason.text()
        return lambda: individual_plans.end_individual_plan(db, actor, plan.plan_id, plan.version, ended_on, reason)
