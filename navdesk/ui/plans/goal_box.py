"""The goals and measures of one plan (or of all the person's plans), with their buttons.

Used on the goals page and inside the individual-plan and KVP pages: the same goal, entered once, is
listed in every plan it is linked into, with the plans named next to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from navdesk.i18n import _, format_date
from navdesk.services.plan_types import GoalView, MeasureView, PlanPlace, PlanRef
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import empty_state
from navdesk.ui.plans.goal_dialog import GoalDialog
from navdesk.ui.plans.goal_measure_dialog import MeasureDialog
from navdesk.ui.plans.plan_form import PlanOption, button, fit_rows, rows_list, section_title

OpenDialog = Callable[[QWidget], None]


def places(items: Sequence[PlanPlace]) -> str:
    return ", ".join(place.label for place in items)


class GoalBox(QWidget):
    """Goals, then measures. `set_plan` says which plan new ones go into and which plans can be ticked."""

    def __init__(self, ctx: UiContext, open_dialog: OpenDialog, *, goal_caption: str = "",
                 measure_caption: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.open_dialog = open_dialog
        self.person_id: uuid.UUID | None = None
        self.options: tuple[PlanOption, ...] = ()
        self.default_plan: PlanRef | None = None
        self.goals: tuple[GoalView, ...] = ()
        self.all_goals: tuple[GoalView, ...] = ()
        self.measures: tuple[MeasureView, ...] = ()
        self.can_add = True

        self.goal_list = rows_list([_("Goal"), _("In plans"), _("Worded by")], (0, 1))
        self.goal_list.itemActivated.connect(lambda *_args: self.edit_goal())
        self.goal_empty = empty_state(_("No goals yet. Write the person's first goal, in their own words, with "
                                        "“New goal…”."))
        self.new_goal_button = button(_("New &goal…"), self.new_goal)
        self.edit_goal_button = button(_("Edit goal…"), self.edit_goal)
        self.measure_list = rows_list([_("Measure"), _("Responsible"), _("Deadline"), _("In plans")], (0, 3))
        self.measure_list.itemActivated.connect(lambda *_args: self.edit_measure())
        self.measure_empty = empty_state(_("No measures yet. Add what is to be done, by whom and by when, with "
                                           "“New measure…”."))
        self.new_measure_button = button(_("New &measure…"), self.new_measure)
        self.edit_measure_button = button(_("Edit measure…"), self.edit_measure)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._heading(goal_caption or _("Goals"), self.new_goal_button, self.edit_goal_button))
        layout.addWidget(self.goal_empty)
        layout.addWidget(self.goal_list)
        layout.addSpacing(6)
        layout.addLayout(self._heading(measure_caption or _("Measures"), self.new_measure_button,
                                       self.edit_measure_button))
        layout.addWidget(self.measure_empty)
        layout.addWidget(self.measure_list)

    @staticmethod
    def _heading(text: str, *buttons: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(section_title(text))
        row.addStretch(1)
        for widget in buttons:
            row.addWidget(widget)
        return row

    def set_plan(self, person_id: uuid.UUID, options: Sequence[PlanOption], default_plan: PlanRef | None, *,
                 can_add: bool = True) -> None:
        self.person_id = person_id
        self.options = tuple(options)
        self.default_plan = default_plan
        self.can_add = can_add and bool(self.options)

    def show_items(self, goals: Sequence[GoalView], measures: Sequence[MeasureView],
                   all_goals: Sequence[GoalView] | None = None) -> None:
        """`all_goals`: every goal a measure may be tied to (the plan's own goals when not given)."""
        self.goals, self.measures = tuple(goals), tuple(measures)
        self.all_goals = tuple(all_goals) if all_goals is not None else self.goals
        self.goal_list.set_rows(((goal.text, places(goal.plans), goal.changed_by_label), goal.goal_id)
                                for goal in self.goals)
        self.measure_list.set_rows((
            (measure.description + (" ✓" if measure.done_on else ""), measure.owner or "—",
             format_date(measure.deadline) + (" " + _("(overdue)") if measure.overdue else ""),
             places(measure.plans)), measure.measure_id) for measure in self.measures)
        for view, empty, items in ((self.goal_list, self.goal_empty, self.goals),
                                   (self.measure_list, self.measure_empty, self.measures)):
            fit_rows(view)
            view.setVisible(bool(items))
            empty.setVisible(not items)
        self.new_goal_button.setEnabled(self.can_add)
        self.new_measure_button.setEnabled(self.can_add)
        self.edit_goal_button.setEnabled(bool(self.goals))
        self.edit_measure_button.setEnabled(bool(self.measures))

    def _current_goal(self) -> GoalView | None:
        wanted = self.goal_list.current_value()
        return next((goal for goal in self.goals if goal.goal_id == wanted), None)

    def _current_measure(self) -> MeasureView | None:
        wanted = self.measure_list.current_value()
        return next((measure for measure in self.measures if measure.measure_id == wanted), None)

    def new_goal(self) -> None:
        if self.person_id is not None and self.can_add:
            self.open_dialog(GoalDialog(self.ctx, self.person_id, self.options, None, self.default_plan, self))

    def edit_goal(self) -> None:
        goal = self._current_goal()
        if goal is not None and self.person_id is not None:
            self.open_dialog(GoalDialog(self.ctx, self.person_id, self.options, goal, self.default_plan, self))

    def new_measure(self) -> None:
        if self.person_id is not None and self.can_add:
            self.open_dialog(MeasureDialog(self.ctx, self.person_id, self.options, self.all_goals, None,
                                           self.default_plan, self))

    def edit_measure(self) -> None:
        measure = self._current_measure()
        if measure is not None and self.person_id is not None:
            self.open_dialog(MeasureDialog(self.ctx, self.person_id, self.options, self.all_goals, measure,
                                           self.default_plan, self))
