"""A measure (tiltak in the individual-plan sense): what is done, its scope, who is responsible, by when,
how it is carried out — entered once and linked into every plan it belongs to, like a goal."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QWidget

from navdesk.domain.errors import ValidationFailed
from navdesk.i18n import _
from navdesk.services import plans
from navdesk.services.plan_types import GoalView, MeasureForm, MeasureView, PlanRef
from navdesk.ui.context import UiContext
from navdesk.ui.plans.goal_dialog import link_changes, plan_checklist, ticked_plans
from navdesk.ui.plans.plan_form import ChoiceBox, People, PlanDialog, PlanOption, load_people, text_box
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import OptionalDate

IN_WORDS = ("words", None)


class MeasureDialog(PlanDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, options: Sequence[PlanOption],
                 goals: Sequence[GoalView], measure: MeasureView | None = None,
                 default_plan: PlanRef | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New measure") if measure is None else _("Edit measure"), parent, width=620)
        self.person_id = person_id
        self.options = tuple(options)
        self.measure = measure
        self.progress: MeasureView | None = None
        self.description = text_box(2)
        self.scope = QLineEdit()
        self.scope.setPlaceholderText(_("e.g. two hours a week"))
        self.responsible = ChoiceBox()
        self.responsible.set_choices([(IN_WORDS, _("Named in words below"))])
        self.owner = QLineEdit()
        self.owner.setPlaceholderText(_("e.g. the person's GP"))
        self.deadline = OptionalDate(_("Deadline"))
        self.carried_out = text_box(2)
        self.goal = ChoiceBox(_("Not tied to a goal"))
        self.goal.set_choices([(goal.goal_id, goal.text[:90]) for goal in goals], measure.goal_id if measure else None)
        self.done_on = OptionalDate(_("Done on"))
        linked = [place.ref for place in measure.plans] if measure else ([default_plan] if default_plan else [])
        if measure is None and not linked and self.options:
            linked = [self.options[0].ref]
        self.plans = plan_checklist(self.options, linked)

        self.add_field(_("&Measure"), "description", self.description)
        self.add_field(_("S&cope"), "scope", self.scope)
        self.add_field(_("&Responsible"), "responsible", self.responsible)
        self.add_field("", "owner", self.owner)
        self.add_field(_("&Deadline"), "deadline", self.deadline)
        self.add_field(_("&How it is carried out"), "carried_out", self.carried_out)
        self.add_field(_("For &goal"), "goal_id", self.goal)
        self.add_field(_("Do&ne"), "done_on", self.done_on)
        self.add_field(_("&Plans"), "plan", self.plans)
        self.responsible.currentIndexChanged.connect(self._owner_in_words)
        if measure is not None:
            self.description.setPlainText(measure.description)
            self.scope.setText(measure.scope)
            if measure.owner_staff_id is None and measure.owner_contact_id is None:
                self.owner.setText(measure.owner)
            self.deadline.set_value(measure.deadline)
            self.carried_out.setPlainText(measure.carried_out)
            self.done_on.set_value(measure.done_on)
            archive = self.buttons.addButton(_("&Archive measure…"), QDialogButtonBox.ButtonRole.ActionRole)
            archive.clicked.connect(self.archive)
            archive.setEnabled(measure.can_change)
        # Saving waits for the names to choose from, so that a named owner is never lost.
        self.save_button.setEnabled(False)
        self.description.setFocus()
        load_people(ctx, self, self._people_loaded)

    def _people_loaded(self, people: People) -> None:
        choices: list[tuple[object, str]] = [(IN_WORDS, _("Named in words below"))]
        choices += [(("staff", staff_id), _("NAV: {name}").format(name=name)) for staff_id, name in people.staff]
        choices += [(("contact", contact_id), text) for contact_id, text in people.contact_choices()]
        measure = self.measure
        current: object = IN_WORDS
        if measure is not None and measure.owner_staff_id is not None:
            current = ("staff", measure.owner_staff_id)
        elif measure is not None and measure.owner_contact_id is not None:
            current = ("contact", measure.owner_contact_id)
        self.responsible.set_choices(choices, current)
        self._owner_in_words()
        self.save_button.setEnabled(measure is None or measure.can_change)

    def _owner_in_words(self) -> None:
        self.owner.setEnabled(self.responsible.value() == IN_WORDS)

    def form_value(self) -> MeasureForm:
        kind, chosen = self.responsible.value() or IN_WORDS
        return MeasureForm(
            description=self.description.toPlainText(),
            scope=self.scope.text(),
            owner=self.owner.text() if kind == "words" else "",
            deadline=self.deadline.value(),
            carried_out=self.carried_out.toPlainText(),
            goal_id=self.goal.value(),
            owner_staff_id=chosen if kind == "staff" else None,
            owner_contact_id=chosen if kind == "contact" else None,
            done_on=self.done_on.value(),
        )

    def error_fields(self, errors: dict[str, str]) -> dict[str, str]:
        renamed = {"owner_staff_id": "responsible", "owner_contact_id": "responsible"}
        return {renamed.get(name, name): message for name, message in errors.items()}

    def operation(self) -> Callable[[], Any]:
        db, actor, person_id, measure = self.ctx.db, self.ctx.actor, self.person_id, self.measure
        form = self.form_value()
        wanted = ticked_plans(self.plans, self.options)
        to_link, to_unlink = link_changes(self.options, [place.ref for place in measure.plans] if measure else [],
                                          wanted)
        self.progress = None

        def work() -> MeasureView:
            if not wanted:
                raise ValidationFailed({"plan": _("Tick at least one plan for the measure.")})
            if measure is None:
                view = plans.add_measure(db, actor, person_id, form, wanted[0])
                to_link.remove(wanted[0])
            else:
                view = plans.update_measure(db, actor, measure.measure_id, measure.version, form)
            self.progress = view
            for ref in to_link:
                view = self.progress = plans.link_measure(db, actor, view.measure_id, ref)
            for ref in to_unlink:
                view = self.progress = plans.unlink_measure(db, actor, view.measure_id, ref)
            return view

        return work

    def failed(self, error: BaseException) -> None:
        if self.progress is not None:
            self.measure = self.progress
            self.setWindowTitle(_("Edit measure"))
            self.ctx.worker.changed.emit(self.changes)
        super().failed(error)

    def archive(self) -> None:
        measure = self.measure
        if measure is None:
            return
        answer = QMessageBox.question(self, _("Archive measure"), _(
            "Take the measure out of every plan? It is kept for the archive and can no longer be changed."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: plans.archive_measure(db, actor, measure.measure_id, measure.version),
                            while_alive(self, lambda _result: self.accept()), while_alive(self, self.failed),
                            changes=self.changes, parent=self)
