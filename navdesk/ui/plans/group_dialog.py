"""Setting up an ansvarsgruppe (usually for an individual plan) and ending it when its work is done."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from navdesk.i18n import _
from navdesk.services import individual_plans
from navdesk.services.plan_types import AnsvarsgruppeForm, AnsvarsgruppeView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import ChoiceBox, People, PlanDialog, load_people
from navdesk.ui.setup.form import date_edit, from_qdate, hint


class GroupDialog(PlanDialog):
    """A new ansvarsgruppe; `plans` are the person's open individual plans as (plan id, label)."""

    def __init__(self, ctx: UiContext, person_id: uuid.UUID, plans: Sequence[tuple[uuid.UUID, str]],
                 default_plan: uuid.UUID | None = None, *, municipality_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New ansvarsgruppe"), parent)
        self.person_id = person_id
        self.municipality_name = municipality_name
        self.name = QLineEdit(_("Ansvarsgruppe"))
        self.plan = ChoiceBox(_("Not tied to an individual plan"))
        self.plan.set_choices(plans, default_plan if default_plan is not None else (plans[0][0] if plans else None))
        self.municipality = ChoiceBox()
        self.add_field(_("&Name"), "name", self.name)
        self.add_field(_("&Individual plan"), "individual_plan_id", self.plan)
        self.municipality_row = self.add_field(_("&Municipality"), "responsible_municipality_id", self.municipality)
        self.form.addRow("", hint(_("The person is a member from the start. Add the others — colleagues, partner "
                                    "contacts, next of kin — on the group's page.")))
        self.plan.currentIndexChanged.connect(self._plan_changed)
        self._plan_changed()
        self.name.selectAll()
        self.name.setFocus()
        load_people(ctx, self, self._people_loaded)

    def _people_loaded(self, people: People) -> None:
        default = next((m_id for m_id, name in people.choices.municipalities if name == self.municipality_name),
                       None)
        self.municipality.set_choices(people.choices.municipalities, default)

    def _plan_changed(self) -> None:
        # A group of an individual plan belongs to the plan's municipality; only a free-standing one asks.
        self.form.setRowVisible(self.municipality_row, self.plan.value() is None)

    def operation(self) -> Callable[[], Any]:
        db, actor, person_id = self.ctx.db, self.ctx.actor, self.person_id
        plan_id = self.plan.value()
        form = AnsvarsgruppeForm(self.name.text(), plan_id, None if plan_id else self.municipality.value())
        return lambda: individual_plans.create_ansvarsgruppe(db, actor, person_id, form)


class EndGroupDialog(PlanDialog):
    def __init__(self, ctx: UiContext, group: AnsvarsgruppeView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("End the ansvarsgruppe"), parent, save_text=_("&End group"))
        self.group = group
        self.ended_on = date_edit(date.today())
        self.add_field(_("Ended &on"), "ended_on", self.ended_on)
        self.form.addRow("", hint(_("The group and its minutes are kept for the archive.")))
        self.ended_on.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, group = self.ctx.db, self.ctx.actor, self.group
        ended_on = from_qdate(self.ended_on.date())
        return lambda: individual_plans.end_ansvarsgruppe(db, actor, group.group_id, group.version, ended_on)
