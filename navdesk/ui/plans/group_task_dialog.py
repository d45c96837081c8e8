"""Follow-up tasks of an ansvarsgruppe: who does what by when, and marking a task done.

`OwnerPicker` — a member of the group, or someone else named in words — is shared with the meeting form.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from navdesk.i18n import _
from navdesk.services import individual_plans
from navdesk.services.plan_types import AnsvarsgruppeView, MemberView, TaskForm, TaskView
from navdesk.ui.context import UiContext
from navdesk.ui.plans.plan_form import ChoiceBox, PlanDialog
from navdesk.ui.setup.form import date_edit, from_qdate

SOMEONE_ELSE = "someone_else"
# A follow-up is usually due before the next meeting.
DEFAULT_DEADLINE = timedelta(days=28)


class OwnerPicker(QWidget):
    """Who owns a task: a current member of the group, or someone else whose name is written."""

    def __init__(self, members: Sequence[MemberView]) -> None:
        super().__init__()
        self.member = ChoiceBox()
        self.member.set_choices([(m.member_id, m.name) for m in members if m.left_on is None]
                                + [(SOMEONE_ELSE, _("Someone else…"))])
        self.words = QLineEdit()
        self.words.setPlaceholderText(_("Name"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.member, 1)
        layout.addWidget(self.words, 1)
        self.setFocusProxy(self.member)
        self.member.currentIndexChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.words.setVisible(self.member.value() == SOMEONE_ELSE)

    def value(self) -> tuple[uuid.UUID | None, str]:
        """(owner member id, owner in words)."""
        chosen = self.member.value()
        if chosen == SOMEONE_ELSE or chosen is None:
            return None, self.words.text()
        return chosen, ""


class TaskDialog(PlanDialog):
    """A new follow-up task, written into the minutes of `meeting_id`."""

    def __init__(self, ctx: UiContext, group: AnsvarsgruppeView, meeting_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New follow-up task"), parent)
        self.group = group
        self.meeting_id = meeting_id
        self.description = QLineEdit()
        self.owner = OwnerPicker(group.members)
        self.deadline = date_edit(date.today() + DEFAULT_DEADLINE)
        self.add_field(_("&Task"), "description", self.description)
        self.add_field(_("&Owner"), "owner", self.owner)
        self.add_field(_("&Deadline"), "deadline", self.deadline)
        self.description.setFocus()

    def error_fields(self, errors: dict[str, str]) -> dict[str, str]:
        return {("owner" if name == "owner_member_id" else name): message for name, message in errors.items()}

    def operation(self) -> Callable[[], Any]:
        db, actor, meeting_id = self.ctx.db, self.ctx.actor, self.meeting_id
        member_id, owner = self.owner.value()
        form = TaskForm(self.description.text(), member_id, owner, from_qdate(self.deadline.date()))
        return lambda: individual_plans.add_task(db, actor, meeting_id, form)


class CompleteTaskDialog(PlanDialog):
    def __init__(self, ctx: UiContext, task: TaskView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Mark the task done"), parent, save_text=_("&Mark done"))
        self.task = task
        self.done_on = date_edit(date.today())
        self.form.addRow(_("Task"), QLineEdit(task.description, readOnly=True))
        self.add_field(_("&Done on"), "done_on", self.done_on)
        self.done_on.setFocus()

    def operation(self) -> Callable[[], Any]:
        db, actor, task = self.ctx.db, self.ctx.actor, self.task
        done_on = from_qdate(self.done_on.date())
        return lambda: individual_plans.complete_task(db, actor, task.task_id, done_on)
