"""Starting a KVP programme or changing its period: up to two years, a third year only with a recorded
special reason (time interrupted is not counted), and the KVP decision it rests on."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QWidget

from navdesk.domain.plans import add_years
from navdesk.i18n import _
from navdesk.services import kvp
from navdesk.services.plan_types import KvpForm, KvpView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import ChoiceBox, People, PlanDialog, load_people, text_box
from navdesk.ui.setup.form import date_edit, from_qdate, hint


class KvpDialog(PlanDialog):
    """`decisions`: the person's KVP cases (case id, label) the programme can point to."""

    def __init__(self, ctx: UiContext, person_id: uuid.UUID, programme: KvpView | None = None, *,
                 decisions: Sequence[tuple[uuid.UUID, str]] = (), municipality_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Start a KVP programme") if programme is None else _("Change the KVP period"),
                         parent, width=600)
        self.person_id = person_id
        self.programme = programme
        self.municipality_name = municipality_name
        starts = programme.starts_on if programme else date.today()
        self.municipality = ChoiceBox()
        self.starts_on = date_edit(starts)
        self.planned_end = date_edit(programme.planned_end_on if programme
                                     else add_years(starts, 1) - timedelta(days=1))
        self.special_reason = text_box(2)
        self.decision = ChoiceBox(_("Not linked to a decision"))
        self.decision.set_choices(decisions, programme.case_id if programme else None)
        if programme is None:
            self.add_field(_("&Municipality"), "responsible_municipality_id", self.municipality)
        self.add_field(_("S&tarts on"), "starts_on", self.starts_on)
        self.add_field(_("&Planned end"), "planned_end_on", self.planned_end)
        self.add_field(_("Special &reason"), "special_reason", self.special_reason)
        self.form.addRow("", hint(_("A programme lasts up to two years. A third year needs a special reason, "
                                    "written here. Time interrupted is not counted.")))
        self.add_field(_("KVP &decision"), "case_id", self.decision)
        if programme is not None:
            self.special_reason.setPlainText(programme.special_reason)
            self.starts_on.setFocus()
        else:
            self.municipality.setFocus()
            self.save_button.setEnabled(False)
            load_people(ctx, self, self._people_loaded)

    def _people_loaded(self, people: People) -> None:
        default = next((m_id for m_id, name in people.choices.municipalities if name == self.municipality_name),
                       None)
        self.municipality.set_choices(people.choices.municipalities, default)
        self.save_button.setEnabled(True)

    def operation(self) -> Callable[[], Any]:
        db, actor, person_id, programme = self.ctx.db, self.ctx.actor, self.person_id, self.programme
        form = KvpForm(programme.municipality_id if programme else self.municipality.value(),
                       from_qdate(self.starts_on.date()), from_qdate(self.planned_end.date()),
                       self.special_reason.toPlainText(), self.decision.value())
        if programme is None:
            return lambda: kvp.start_kvp(db, actor, person_id, form)
        return lambda: kvp.update_kvp(db, actor, programme.programme_id, programme.version, form)
