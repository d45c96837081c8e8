"""The minutes of an ansvarsgruppe meeting: date, place, who attended, minutes, decisions and the
follow-up tasks (each with an owner and a deadline). A written meeting can be corrected; its tasks are
then added and completed on the group's page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from navdesk.i18n import _
from navdesk.services import individual_plans
from navdesk.services.plan_types import AnsvarsgruppeView, MeetingForm, MeetingView, TaskForm
from navdesk.ui.context import UiContext
from navdesk.ui.plans.group_task_dialog import DEFAULT_DEADLINE, OwnerPicker
from navdesk.ui.plans.plan_form import PlanDialog, button, text_box
from navdesk.ui.setup.form import CheckList, date_edit, from_qdate


class TaskRow(QWidget):
    """One follow-up task in the meeting form. A removed row is only hidden, so that the error labels of
    the other rows keep their place."""

    def __init__(self, dialog: MeetingDialog, index: int) -> None:
        super().__init__()
        self.removed = False
        self.description = QLineEdit()
        self.description.setPlaceholderText(_("What is to be done"))
        self.owner = OwnerPicker(dialog.group.members)
        self.deadline = date_edit(date.today() + DEFAULT_DEADLINE)
        self.remove_button = button(_("Remove"), self.remove)
        errors = dialog.errors
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(errors.wrap(f"tasks.{index}.description", self.description), 3)
        layout.addWidget(errors.wrap(f"tasks.{index}.owner", self.owner), 2)
        layout.addWidget(errors.wrap(f"tasks.{index}.deadline", self.deadline))
        layout.addWidget(self.remove_button)

    def remove(self) -> None:
        self.removed = True
        self.hide()

    def form(self) -> TaskForm:
        member_id, owner = self.owner.value()
        return TaskForm(self.description.text(), member_id, owner, from_qdate(self.deadline.date()))


class MeetingDialog(PlanDialog):
    def __init__(self, ctx: UiContext, group: AnsvarsgruppeView, meeting: MeetingView | None = None,
                 parent: QWidget | None = None) -> None:
        title = _("Minutes of a meeting") if meeting is None else _("Correct the minutes")
        super().__init__(ctx, f"{title} — {group.name}", parent, save_text=_("&Save minutes"), width=800)
        self.group = group
        self.meeting = meeting
        self.held_on = date_edit(meeting.held_on if meeting else date.today())
        self.place = QLineEdit(meeting.place if meeting else "")
        self.place.setPlaceholderText(_("e.g. NAV Gol, or by video"))
        self.attendees = CheckList(rows_visible=5)
        attended = meeting.attendee_ids if meeting else frozenset()
        members = [m for m in group.members if m.left_on is None or m.member_id in attended]
        self.attendees.set_choices([(m.member_id, f"{m.name}, {m.organisation}" if m.organisation else m.name)
                                    for m in members], attended)
        self.minutes = text_box(4)
        self.decisions = text_box(3)
        self.add_field(_("&Held on"), "held_on", self.held_on)
        self.add_field(_("&Place"), "place", self.place)
        self.add_field(_("&Attended"), "attendee_ids", self.attendees)
        self.add_field(_("&Minutes"), "minutes", self.minutes)
        self.add_field(_("&Decisions"), "decisions", self.decisions)
        self.task_rows: list[TaskRow] = []
        if meeting is None:
            self.tasks = QVBoxLayout()
            self.tasks.setSpacing(4)
            add = button(_("Add a follow-up &task"), self._add_task_clicked)
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addLayout(self.tasks)
            buttons = QHBoxLayout()
            buttons.addWidget(add)
            buttons.addStretch(1)
            box_layout.addLayout(buttons)
            self.form.addRow(_("Follow-up tasks"), box)
        else:
            self.minutes.setPlainText(meeting.minutes)
            self.decisions.setPlainText(meeting.decisions)
        self.held_on.setFocus()

    def _add_task_clicked(self) -> None:
        self.add_task()

    def add_task(self) -> TaskRow:
        row = TaskRow(self, len(self.task_rows))
        self.task_rows.append(row)
        self.tasks.addWidget(row)
        row.description.setFocus()
        return row

    def _sent_rows(self) -> list[int]:
        """The indexes of the rows that are sent, in the order they are sent."""
        return [index for index, row in enumerate(self.task_rows) if not row.removed]

    def error_fields(self, errors: dict[str, str]) -> dict[str, str]:
        rows = self._sent_rows()
        shown = {}
        for name, message in errors.items():
            parts = name.split(".")
            if parts[0] == "tasks" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
                field = "owner" if parts[2] == "owner_member_id" else parts[2]
                name = f"tasks.{rows[int(parts[1])]}.{field}"
            shown[name] = message
        return shown

    def operation(self) -> Callable[[], Any]:
        db, actor, group, meeting = self.ctx.db, self.ctx.actor, self.group, self.meeting
        form = MeetingForm(from_qdate(self.held_on.date()), self.place.text(), frozenset(self.attendees.checked()),
                           self.minutes.toPlainText(), self.decisions.toPlainText(),
                           tuple(self.task_rows[index].form() for index in self._sent_rows()))
        if meeting is None:
            return lambda: individual_plans.record_meeting(db, actor, group.group_id, form)
        return lambda: individual_plans.update_meeting(db, actor, meeting.meeting_id, meeting.version, form)
