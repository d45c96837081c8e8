"""Starting or editing an individual plan: its municipality, period and next revision, the coordinator,
the person's resources and needs, how the measures are carried out, other services, and the person's
consent to the plan. Goals, measures and participants are added on the plan page itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QWidget

from navdesk.i18n import _
from navdesk.services import individual_plans
from navdesk.services.plan_types import IndividualPlanForm, IndividualPlanView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import ChoiceBox, People, PlanDialog, load_people, text_box
from navdesk.ui.setup.form import OptionalDate, date_edit, from_qdate, hint

# A common rhythm: the plan is looked at again after half a year.
FIRST_REVISION_AFTER = timedelta(days=182)


class IndividualPlanDialog(PlanDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, plan: IndividualPlanView | None = None, *,
                 municipality_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New individual plan") if plan is None else _("Edit individual plan"), parent,
                         width=640)
        self.person_id = person_id
        self.plan = plan
        self.municipality_name = municipality_name
        today = date.today()
        self.municipality = ChoiceBox()
        self.period_from = date_edit(plan.period_from if plan and plan.period_from else today)
        self.period_to = OptionalDate(_("Ends on"))
        self.next_revision = date_edit(plan.next_revision_on if plan and plan.next_revision_on
                                       else today + FIRST_REVISION_AFTER)
        self.coordinator = ChoiceBox(_("Not chosen yet"))
        self.resources = text_box(2)
        self.needs = text_box(2)
        self.carried_out = text_box(2)
        self.other_services = text_box(2)
        self.consent = ChoiceBox(_("Not recorded"))
        if plan is None:
            self.add_field(_("&Municipality"), "responsible_municipality_id", self.municipality)
        self.add_field(_("Plan &period from"), "period_from", self.period_from)
        self.add_field(_("Plan period &until"), "period_to", self.period_to)
        self.add_field(_("&Next revision"), "next_revision_on", self.next_revision)
        self.add_field(_("&Coordinator"), "coordinator_id", self.coordinator)
        self.add_field(_("&Resources"), "resources", self.resources)
        self.add_field(_("N&eeds"), "needs", self.needs)
        self.add_field(_("&How the measures are carried out"), "carried_out", self.carried_out)
        self.add_field(_("&Other services involved"), "other_services", self.other_services)
        if plan is not None:
            self.consent.set_choices([(option.consent_id, option.label) for option in plan.consent_options],
                                     plan.plan_consent_id)
            self.add_field(_("Consent to the p&lan"), "plan_consent_id", self.consent)
            self.period_to.set_value(plan.period_to)
            self.resources.setPlainText(plan.resources)
            self.needs.setPlainText(plan.needs)
            self.carried_out.setPlainText(plan.carried_out)
            self.other_services.setPlainText(plan.other_services)
        else:
            self.form.addRow("", hint(_("The plan starts as a draft. Add the person's goals, the participants "
                                        "and the measures on the plan page, then put it into force once the "
                                        "person has consented.")))
        self.save_button.setEnabled(False)
        (self.municipality if plan is None else self.period_from).setFocus()
        load_people(ctx, self, self._people_loaded)

    def _people_loaded(self, people: People) -> None:
        plan = self.plan
        default = next((m_id for m_id, name in people.choices.municipalities if name == self.municipality_name),
                       None)
        self.municipality.set_choices(people.choices.municipalities, default)
        self.coordinator.set_choices(people.staff, plan.coordinator_id if plan else None)
        self.save_button.setEnabled(plan is None or plan.can_change)

    def form_value(self) -> IndividualPlanForm:
        plan = self.plan
        return IndividualPlanForm(
            responsible_municipality_id=plan.municipality_id if plan else self.municipality.value(),
            period_from=from_qdate(self.period_from.date()),
            next_revision_on=from_qdate(self.next_revision.date()),
            period_to=self.period_to.value(),
            resources=self.resources.toPlainText(),
            needs=self.needs.toPlainText(),
            carried_out=self.carried_out.toPlainText(),
            other_services=self.other_services.toPlainText(),
            coordinator_id=self.coordinator.value(),
            plan_consent_id=self.consent.value() if plan else None,
        )

    def operation(self) -> Callable[[], Any]:
        db, actor, person_id, plan = self.ctx.db, self.ctx.actor, self.person_id, self.plan
        form = self.form_value()
        if plan is None:
            return lambda: individual_plans.create_individual_plan(db, actor, person_id, form)
        return lambda: individual_plans.update_individual_plan(db, actor, plan.plan_id, plan.version, form)
