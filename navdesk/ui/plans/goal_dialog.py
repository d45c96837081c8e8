"""Writing a goal once, in the person's own words, and choosing every plan it belongs to.

A new goal is written into the first ticked plan (it takes that plan's side) and linked into the others;
an edit changes the words everywhere the goal is linked and links or unlinks the plans whose tick
changed. Plans that have ended are not offered, and the goal stays in them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from navdesk.domain.errors import ValidationFailed
from navdesk.domain.plans import ChangedBy, label
from navdesk.i18n import _
from navdesk.services import plans
from navdesk.services.plan_types import GoalView, PlanRef
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import ChoiceBox, PlanDialog, PlanOption, text_box
from navdesk.ui.setup.callbacks import while_alive
from navdesk.ui.setup.form import CheckList, hint


def plan_checklist(options: Sequence[PlanOption], checked: Sequence[PlanRef]) -> CheckList:
    """The person's open plans to tick; the ids in the list are indexes into `options`."""
    checks = CheckList(rows_visible=4)
    # CheckList holds uuids; a plan is known by its place in `options` instead (the activity plan has no id).
    indexes = [(uuid.UUID(int=index), option.label) for index, option in enumerate(options)]
    ticked = [uuid.UUID(int=index) for index, option in enumerate(options) if option.ref in checked]
    checks.set_choices(indexes, ticked)
    return checks


def ticked_plans(checks: CheckList, options: Sequence[PlanOption]) -> list[PlanRef]:
    return [options[key.int].ref for key in checks.checked()]


def link_changes(options: Sequence[PlanOption], before: Sequence[PlanRef],
                 after: Sequence[PlanRef]) -> tuple[list[PlanRef], list[PlanRef]]:
    """(plans to link, plans to unlink) among the offered ones."""
    offered = [option.ref for option in options]
    return ([ref for ref in after if ref not in before],
            [ref for ref in offered if ref in before and ref not in after])


class GoalDialog(PlanDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, options: Sequence[PlanOption],
                 goal: GoalView | None = None, default_plan: PlanRef | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New goal") if goal is None else _("Edit goal"), parent, width=600)
        self.person_id = person_id
        self.options = tuple(options)
        self.goal = goal
        self.progress: GoalView | None = None  # set by the worker when a later step fails after a save
        self.text = text_box(4)
        self.by = ChoiceBox()
        self.by.set_choices([(ChangedBy.PERSON.value, _("The person, in their own words")),
                             (ChangedBy.NAV.value, label(ChangedBy.NAV))], ChangedBy.PERSON.value)
        linked = [place.ref for place in goal.plans] if goal else ([default_plan] if default_plan else [])
        if goal is None and not linked and self.options:
            linked = [self.options[0].ref]
        self.plans = plan_checklist(self.options, linked)
        self.add_field(_("&Goal"), "text", self.text)
        self.form.addRow("", hint(_("Write the goal as the person says it. It is entered once and shows in "
                                    "every plan ticked below.")))
        self.add_field(_("&Worded by"), "by", self.by)
        self.add_field(_("&Plans"), "plan", self.plans)
        if goal is not None:
            self.text.setPlainText(goal.text)
            self.by.select(goal.changed_by.value)
            archive = self.buttons.addButton(_("&Archive goal…"), QDialogButtonBox.ButtonRole.ActionRole)
            archive.clicked.connect(self.archive)
            archive.setEnabled(goal.can_change)
            self.save_button.setEnabled(goal.can_change)
        self.text.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, person_id, goal = self.ctx.db, self.ctx.actor, self.person_id, self.goal
        text, by = self.text.toPlainText(), ChangedBy(self.by.value())
        wanted = ticked_plans(self.plans, self.options)
        before = [place.ref for place in goal.plans] if goal else []
        to_link, to_unlink = link_changes(self.options, before, wanted)
        self.progress = None

        def work() -> GoalView:
            if goal is None:
                if not wanted:
                    raise ValidationFailed({"plan": _("Tick at least one plan for the goal.")})
                view = plans.add_goal(db, actor, person_id, text, wanted[0], by=by)
                to_link.remove(wanted[0])
            else:
                if not wanted:
                    raise ValidationFailed({"plan": _("A goal stays in at least one plan. Archive it instead.")})
                view = plans.update_goal(db, actor, goal.goal_id, goal.version, text, by=by)
            self.progress = view
            for ref in to_link:
                view = self.progress = plans.link_goal(db, actor, view.goal_id, ref)
            for ref in to_unlink:
                view = self.progress = plans.unlink_goal(db, actor, view.goal_id, ref)
            return view

        return work

    def failed(self, error: BaseException) -> None:
        if self.progress is not None:
            # The words were saved before a plan refused the link: go on from what is saved now.
            self.goal = self.progress
            self.setWindowTitle(_("Edit goal"))
            self.ctx.worker.changed.emit(self.changes)
        super().failed(error)

    def archive(self) -> None:
        goal = self.goal
        if goal is None:
            return
        answer = QMessageBox.question(self, _("Archive goal"), _(
            "Take the goal out of every plan? It is kept for the archive and can no longer be changed."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: plans.archive_goal(db, actor, goal.goal_id, goal.version),
                            while_alive(self, lambda _result: self.accept()), while_alive(self, self.failed),
                            changes=self.changes, parent=self)
