"""Recording a revision of an individual plan: when it was revised, what was agreed, and the date of the
next revision (required — a plan without one is flagged)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from navdesk.i18n import _
from navdesk.services import individual_plans
from navdesk.services.plan_types import IndividualPlanView, RevisionForm
from navdesk.ui.context import UiContext
from navdesk.ui.plans.ip_dialog import FIRST_REVISION_AFTER
from navdesk.ui.plans.plan_form import PlanDialog, text_box
from navdesk.ui.setup.form import date_edit, from_qdate


class RevisionDialog(PlanDialog):
    def __init__(self, ctx: UiContext, plan: IndividualPlanView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Record a revision"), parent)
        self.plan = plan
        today = date.today()
        self.revised_on = date_edit(today)
        self.next_revision = date_edit(today + FIRST_REVISION_AFTER)
        self.summary = text_box(4)
        self.summary.setPlaceholderText(_("What was looked at and what changed"))
        self.add_field(_("&Revised on"), "revised_on", self.revised_on)
        self.add_field(_("&Next revision"), "next_revision_on", self.next_revision)
        self.add_field(_("S&ummary"), "summary", self.summary)
        self.revised_on.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, plan = self.ctx.db, self.ctx.actor, self.plan
        form = RevisionForm(from_qdate(self.revised_on.date()), from_qdate(self.next_revision.date()),
                            self.summary.toPlainText())
        return lambda: individual_plans.record_revision(db, actor, plan.plan_id, plan.version, form)
