"""The weekly plan of a KVP programme: what the person does on which weekday, for how many hours, and for
which goal. Full time is 37.5 hours a week; the total is counted as rows change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from navdesk.domain.codes import weekday_label
from navdesk.domain.plans import FULL_TIME_HOURS, MAX_HOURS_PER_ROW
from navdesk.i18n import LANGUAGES, _, current_language, format_number
from navdesk.services import kvp
from navdesk.services.plan_types import KvpView, WeekRowForm, WeekRowView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import ChoiceBox, PlanDialog, button


class WeekRowEditor:
    """One row of the grid; a removed row is only hidden, so that the error labels of the others keep their
    place."""

    def __init__(self, dialog: WeekPlanDialog, index: int, row: WeekRowView | None) -> None:
        self.removed = False
        self.dialog = dialog
        programme = dialog.programme
        self.weekday = ChoiceBox()
        self.weekday.set_choices([(day, weekday_label(day)) for day in range(7)], row.weekday if row else 0)
        self.activity = QLineEdit(row.activity if row else "")
        self.activity.setPlaceholderText(_("e.g. work training at Hallingdal Vekst"))
        self.hours = QDoubleSpinBox()
        self.hours.setLocale(QLocale(LANGUAGES[current_language()]))
        self.hours.setRange(0.5, MAX_HOURS_PER_ROW)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.hours.setValue(row.hours if row else 7.5)
        self.goal = ChoiceBox(_("No goal"))
        self.goal.set_choices([(goal.goal_id, goal.text[:60]) for goal in programme.goals],
                              row.goal_id if row else None)
        self.linked = ChoiceBox(_("No activity"))
        self.linked.set_choices([(card.activity_id, card.title) for card in programme.activities
                                 if not card.locked or (row is not None and card.activity_id == row.activity_id)],
                                row.activity_id if row else None)
        self.remove_button = button(_("Remove"), self.remove)
        self.cells: list[QWidget] = []
        for column, (name, widget) in enumerate((("weekday", self.weekday), ("activity", self.activity),
                                                 ("hours", self.hours), ("goal_id", self.goal),
                                                 ("activity_id", self.linked))):
            cell = dialog.errors.wrap(f"rows.{index}.{name}", widget)
            dialog.grid.addWidget(cell, index + 1, column, Qt.AlignmentFlag.AlignTop)
            self.cells.append(cell)
        dialog.grid.addWidget(self.remove_button, index + 1, 5, Qt.AlignmentFlag.AlignTop)
        self.cells.append(self.remove_button)
        self.hours.valueChanged.connect(lambda _value: dialog.count_hours())

    def remove(self) -> None:
        self.removed = True
        for cell in self.cells:
            cell.hide()
        self.dialog.count_hours()

    def form(self) -> WeekRowForm:
        return WeekRowForm(self.weekday.value(), self.activity.text(), self.hours.value(), self.goal.value(),
                           self.linked.value())


class WeekPlanDialog(PlanDialog):
    def __init__(self, ctx: UiContext, programme: KvpView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Weekly plan"), parent, save_text=_("&Save weekly plan"), width=940)
        self.programme = programme
        self.rows: list[WeekRowEditor] = []
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        for column, text in enumerate((_("Day"), _("Activity"), _("Hours"), _("For goal"), _("KVP activity"))):
            self.grid.addWidget(QLabel(text), 0, column)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(3, 2)
        self.grid.setColumnStretch(4, 2)
        add = button(_("&Add a row"), self.add_empty_row)
        self.total = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(add)
        bottom.addStretch(1)
        bottom.addWidget(self.total)
        self.form.addRow(self.grid)
        self.form.addRow(bottom)
        for row in programme.week:
            self.add_row(row)
        if not programme.week:
            for day in range(5):
                self.add_row(None).weekday.select(day)
        self.count_hours()
        self.rows[0].activity.setFocus()

    def add_empty_row(self) -> None:
        self.add_row(None)

    def add_row(self, row: WeekRowView | None) -> WeekRowEditor:
        editor = WeekRowEditor(self, len(self.rows), row)
        self.rows.append(editor)
        if row is None:
            editor.activity.setFocus()
        self.count_hours()
        return editor

    def _sent_rows(self) -> list[int]:
        return [index for index, row in enumerate(self.rows) if not row.removed]

    def count_hours(self) -> None:
        hours = sum(self.rows[index].hours.value() for index in self._sent_rows())
        text = _("In all {hours} hours a week").format(hours=format_number(hours))
        if hours >= FULL_TIME_HOURS:
            text += " — " + _("full time")
        else:
            text += " " + _("(full time is {hours})").format(hours=format_number(FULL_TIME_HOURS))
        self.total.setText(text)

    def error_fields(self, errors: dict[str, str]) -> dict[str, str]:
        rows = self._sent_rows()
        shown = {}
        for name, message in errors.items():
            parts = name.split(".")
            if parts[0] == "rows" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
                name = f"rows.{rows[int(parts[1])]}.{parts[2]}"
            shown[name] = message
        return shown

    def operation(self) -> Callable[[], Any]:
        db, actor, programme = self.ctx.db, self.ctx.actor, self.programme
        rows = [self.rows[index].form() for index in self._sent_rows()]
        return lambda: kvp.set_week_plan(db, actor, programme.programme_id, programme.version, rows)
