"""The ansvarsgruppe section of the Plans tab: members, the open follow-up tasks (with owner and deadline,
overdue ones marked), and the meetings with their minutes and decisions."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QWidget

from navdesk.i18n import _, format_date
from navdesk.services import individual_plans
from navdesk.services.actor import Actor
from navdesk.services.plan_types import AnsvarsgruppeView, MeetingView, PlanOverview, TaskView
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import Badge, empty_state
from navdesk.ui.plans.goal_box import OpenDialog
from navdesk.ui.plans.group_dialog import EndGroupDialog, GroupDialog
from navdesk.ui.plans.group_meeting_dialog import MeetingDialog
from navdesk.ui.plans.group_member_dialog import MemberDialog, MemberLeavesDialog
from navdesk.ui.plans.group_task_dialog import CompleteTaskDialog, TaskDialog
from navdesk.ui.plans.plan_form import (
    PlanOption,
    PlanPage,
    button,
    fit_rows,
    rows_list,
    section_title,
    select_row,
    value_label,
)


def task_deadline(task: TaskView) -> str:
    text = format_date(task.deadline)
    return _("{date} — overdue").format(date=text) if task.overdue else text


def minutes_html(meeting: MeetingView) -> str:
    """The minutes of one meeting as shown under the list (the printed minutes hold the same)."""
    title = _("Meeting {date}").format(date=format_date(meeting.held_on))
    if meeting.place:
        title = f"{title}, {meeting.place}"
    attended = _("Attended: {names}").format(names=", ".join(meeting.attendees))
    parts = [f"<h3>{escape(title)}</h3>", f"<p>{escape(attended)}</p>"]
    for caption, text in ((_("Minutes"), meeting.minutes), (_("Decisions"), meeting.decisions)):
        if text:
            parts.append(f"<p><b>{escape(caption)}</b><br>{escape(text).replace(chr(10), '<br>')}</p>")
    if meeting.tasks:
        lines = []
        for task in meeting.tasks:
            line = _("{task} — {owner}, by {deadline}").format(task=task.description, owner=task.owner,
                                                               deadline=task_deadline(task))
            if task.done_on:
                line += " ✓ " + _("done {date}").format(date=format_date(task.done_on))
            lines.append(f"<li>{escape(line)}</li>")
        caption = _("Follow-up tasks")
        parts.append(f"<p><b>{escape(caption)}</b></p><ul>{''.join(lines)}</ul>")
    written = _("Written by {name}").format(name=meeting.written_by)
    parts.append(f"<p style='color:#5d6570'>{escape(written)}</p>")
    return "".join(parts)


class GroupPage(PlanPage):
    def __init__(self, ctx: UiContext, open_dialog: OpenDialog, open_plans: Callable[[], list[tuple[uuid.UUID, str]]],
                 municipality_name: Callable[[], str], print_minutes: Callable[[uuid.UUID], None]) -> None:
        super().__init__(_("The person has no ansvarsgruppe. Set one up with “New ansvarsgruppe…” to bring the "
                           "services around the person together."))
        self.ctx = ctx
        self.open_dialog = open_dialog
        self.open_plans = open_plans
        self.municipality_name = municipality_name
        self.print_minutes = print_minutes
        self.person_id: uuid.UUID | None = None
        self.group: AnsvarsgruppeView | None = None

        self.meeting_button = button(_("New &meeting…"), self.new_meeting)
        self.member_button = button(_("Add mem&ber…"), self.add_member)
        self.end_button = button(_("End group…"), self.end_group)
        self.new_button = button(_("New ansvarsgruppe…"), self.new_group)
        for widget in (self.meeting_button, self.member_button, self.end_button, self.new_button):
            self.buttons.addWidget(widget)
        self.add_empty_button(button(_("&New ansvarsgruppe…"), self.new_group))

        self.status = QHBoxLayout()
        self.about = value_label()
        self.members = rows_list([_("Member"), _("Role"), _("Organisation"), _("Left")], (0, 2))
        self.leaves_button = button(_("Member lea&ves…"), self.member_leaves)
        self.tasks = rows_list([_("Follow-up task"), _("Owner"), _("Deadline")], (0,))
        self.tasks.itemActivated.connect(lambda *_args: self.complete_task())
        self.no_tasks = empty_state(_("No open follow-up tasks."))
        self.done_button = button(_("Mark &done…"), self.complete_task)
        self.meetings = rows_list([_("Meeting"), _("Place"), _("Attended"), _("Written by")], (1,))
        self.meetings.currentItemChanged.connect(lambda *_args: self._show_meeting())
        self.meetings.itemActivated.connect(lambda *_args: self.edit_meeting())
        self.no_meetings = empty_state(_("No meetings yet. Write the minutes of the first one with “New "
                                         "meeting…”."))
        self.minutes = QTextBrowser()
        self.minutes.setMinimumHeight(160)
        self.edit_meeting_button = button(_("Correct minutes…"), self.edit_meeting)
        self.task_button = button(_("Add &task…"), self.add_task)
        self.print_button = button(_("&Print minutes…"), self._print)

        body = self.body_layout
        body.addLayout(self.status)
        body.addWidget(self.about)
        body.addLayout(self._heading(_("Members"), self.leaves_button))
        body.addWidget(self.members)
        body.addLayout(self._heading(_("Open follow-up tasks"), self.done_button))
        body.addWidget(self.no_tasks)
        body.addWidget(self.tasks)
        body.addLayout(self._heading(_("Meetings"), self.edit_meeting_button, self.task_button, self.print_button))
        body.addWidget(self.no_meetings)
        body.addWidget(self.meetings)
        body.addWidget(self.minutes)
        body.addStretch(1)
        self.show_content(False)

    @staticmethod
    def _heading(text: str, *widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(section_title(text))
        row.addStretch(1)
        for widget in widgets:
            row.addWidget(widget)
        return row

    # Loading ----------------------------------------------------------------------------------------

    @staticmethod
    def pick(overview: PlanOverview, remembered: uuid.UUID | None) -> uuid.UUID | None:
        ids = [group.group_id for group in overview.ansvarsgrupper]
        return remembered if remembered in ids else (ids[-1] if ids else None)

    @staticmethod
    def fetch(db: Database, actor: Actor, _person_id: uuid.UUID,
              selected: uuid.UUID | None) -> AnsvarsgruppeView | None:
        return individual_plans.get_ansvarsgruppe(db, actor, selected) if selected else None

    def set_overview(self, person_id: uuid.UUID, overview: PlanOverview, _options: Sequence[PlanOption],
                     selected: uuid.UUID | None) -> None:
        self.person_id = person_id
        self.set_selector(((g.group_id, g.name) for g in overview.ansvarsgrupper), selected)

    def show_detail(self, group: AnsvarsgruppeView | None) -> None:
        keep = self.meetings.current_value()
        self.group = group
        self.show_content(group is not None)
        if group is None:
            return
        while self.status.count():
            old = self.status.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        if group.ended_on:
            self.status.addWidget(Badge(_("Ended {date}").format(date=format_date(group.ended_on))))
        overdue = sum(1 for task in group.open_tasks if task.overdue)
        if overdue:
            self.status.addWidget(Badge(_("{count} tasks overdue").format(count=overdue), "danger"))
        self.status.addStretch(1)
        self.about.setText(_("{name} · {municipality}").format(name=group.name, municipality=group.municipality))
        self.members.set_rows(((m.name, m.role or m.kind_label, m.organisation, format_date(m.left_on)), m.member_id)
                              for m in group.members)
        self.tasks.set_rows(((t.description, t.owner, task_deadline(t)), t.task_id) for t in group.open_tasks)
        self.meetings.set_rows(((format_date(m.held_on), m.place, str(len(m.attendees)), m.written_by), m.meeting_id)
                               for m in group.meetings)
        select_row(self.meetings, keep)
        for view, empty, items in ((self.members, None, group.members), (self.tasks, self.no_tasks, group.open_tasks),
                                   (self.meetings, self.no_meetings, group.meetings)):
            fit_rows(view)
            view.setVisible(bool(items))
            if empty is not None:
                empty.setVisible(not items)
        for widget in (self.meeting_button, self.member_button, self.end_button, self.leaves_button):
            widget.setEnabled(group.can_change)
        self.done_button.setEnabled(group.can_change and bool(group.open_tasks))
        self._show_meeting()

    def current_meeting(self) -> MeetingView | None:
        wanted = self.meetings.current_value()
        group = self.group
        return next((m for m in group.meetings if m.meeting_id == wanted), None) if group else None

    def _show_meeting(self) -> None:
        meeting = self.current_meeting()
        group = self.group
        can_change = group is not None and group.can_change
        self.minutes.setVisible(meeting is not None)
        for widget in (self.edit_meeting_button, self.task_button):
            widget.setEnabled(meeting is not None and can_change)
        self.print_button.setEnabled(meeting is not None)
        if meeting is None:
            return
        self.minutes.setHtml(minutes_html(meeting))

    # Actions ----------------------------------------------------------------------------------------

    def new_group(self) -> None:
        if self.person_id is not None:
            self.open_dialog(GroupDialog(self.ctx, self.person_id, self.open_plans(),
                                         municipality_name=self.municipality_name(), parent=self))

    def new_meeting(self) -> None:
        if self.group is not None:
            self.open_dialog(MeetingDialog(self.ctx, self.group, None, self))

    def edit_meeting(self) -> None:
        meeting = self.current_meeting()
        if self.group is not None and meeting is not None and self.group.can_change:
            self.open_dialog(MeetingDialog(self.ctx, self.group, meeting, self))

    def add_member(self) -> None:
        if self.group is not None:
            self.open_dialog(MemberDialog(self.ctx, self.group, self))

    def member_leaves(self) -> None:
        wanted = self.members.current_value()
        member = next((m for m in self.group.members if m.member_id == wanted), None) if self.group else None
        if member is not None and member.left_on is None:
            self.open_dialog(MemberLeavesDialog(self.ctx, member, self))

    def add_task(self) -> None:
        meeting = self.current_meeting()
        if self.group is not None and meeting is not None:
            self.open_dialog(TaskDialog(self.ctx, self.group, meeting.meeting_id, self))

    def complete_task(self) -> None:
        wanted = self.tasks.current_value()
        task = next((t for t in self.group.open_tasks if t.task_id == wanted), None) if self.group else None
        if task is not None and self.group is not None and self.group.can_change:
            self.open_dialog(CompleteTaskDialog(self.ctx, task, self))

    def end_group(self) -> None:
        if self.group is not None:
            self.open_dialog(EndGroupDialog(self.ctx, self.group, self))

    def _print(self) -> None:
        meeting = self.current_meeting()
        if meeting is not None:
            self.print_minutes(meeting.meeting_id)
