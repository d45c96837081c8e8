"""The KVP section of the Plans tab: the programme period (two years, a third only for special reasons,
interruptions not counted), interruptions and re-entry, the weekly plan with its hours, the goals and
measures, the KVP activities, and how the programme ended."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout

from navdesk.domain.plans import KvpStatus
from navdesk.i18n import _, format_date, format_number, ngettext
from navdesk.services import kvp
from navdesk.services.actor import Actor
from navdesk.services.plan_types import KvpSummary, KvpView, PlanOverview, PlanRef
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import Badge, empty_state
from navdesk.ui.plans.goal_box import GoalBox, OpenDialog
from navdesk.ui.plans.kvp_break_dialog import InterruptDialog, ReentryDialog
from navdesk.ui.plans.kvp_dialog import KvpDialog
from navdesk.ui.plans.kvp_end_dialog import EndKvpDialog
from navdesk.ui.plans.kvp_week_dialog import WeekPlanDialog
from navdesk.ui.plans.plan_form import (
    PlanOption,
    PlanPage,
    button,
    facts_grid,
    fit_rows,
    or_dash,
    period_text,
    rows_list,
    section_title,
    value_label,
)


def programme_label(summary: KvpSummary) -> str:
    return _("{municipality}, from {date} ({status})").format(
        municipality=summary.municipality, date=format_date(summary.starts_on), status=summary.status_label)


class KvpPage(PlanPage):
    def __init__(self, ctx: UiContext, open_dialog: OpenDialog, municipality_name: Callable[[], str],
                 decisions: Callable[[], list[tuple[uuid.UUID, str]]]) -> None:
        super().__init__(_("The person is not in the qualification programme (KVP). Start a programme with "
                           "“Start KVP…” once it has been granted."))
        self.ctx = ctx
        self.open_dialog = open_dialog
        self.municipality_name = municipality_name
        self.decisions = decisions
        self.person_id: uuid.UUID | None = None
        self.programme: KvpView | None = None
        self.options: tuple[PlanOption, ...] = ()

        self.edit_button = button(_("Change &period…"), self.edit_period)
        self.break_button = button(_("Inte&rrupt…"), self.interrupt)
        self.back_button = button(_("&Back in programme…"), self.re_entry)
        self.week_button = button(_("&Weekly plan…"), self.edit_week)
        self.end_button = button(_("End programme…"), self.end_programme)
        self.new_button = button(_("Start KVP…"), self.start)
        for widget in (self.edit_button, self.break_button, self.back_button, self.week_button, self.end_button,
                       self.new_button):
            self.buttons.addWidget(widget)
        self.add_empty_button(button(_("&Start KVP…"), self.start))

        self.status = QHBoxLayout()
        self.municipality, self.period, self.ordinary = value_label(), value_label(), value_label()
        self.longest, self.days, self.reason = value_label(), value_label(), value_label()
        self.ended = value_label()
        facts = facts_grid(((_("Municipality"), self.municipality), (_("Period"), self.period),
                            (_("Two years end"), self.ordinary), (_("At the latest"), self.longest),
                            (_("Days in the programme"), self.days), (_("Special reason"), self.reason),
                            (_("Ended"), self.ended)))
        self.week = rows_list([_("Day"), _("Activity"), _("Hours"), _("For goal")], (1, 3))
        self.week_total = value_label()
        self.no_week = empty_state(_("No weekly plan yet. Set out the person's week with “Weekly plan…”."))
        self.breaks = rows_list([_("Interrupted from"), _("Back"), _("Days"), _("Reason")], (3,))
        self.no_breaks = empty_state(_("No interruptions."))
        self.goals = GoalBox(ctx, open_dialog)
        self.activities = rows_list([_("KVP activity"), _("Status"), _("From"), _("Until")], (0,))
        self.no_activities = empty_state(_("No KVP activities yet. Add them on the activity plan and choose the "
                                           "programme there."))

        body = self.body_layout
        body.addLayout(self.status)
        body.addLayout(facts)
        body.addWidget(section_title(_("Weekly plan")))
        body.addWidget(self.no_week)
        body.addWidget(self.week)
        body.addWidget(self.week_total)
        body.addWidget(section_title(_("Interruptions")))
        body.addWidget(self.no_breaks)
        body.addWidget(self.breaks)
        body.addSpacing(6)
        body.addWidget(self.goals)
        body.addWidget(section_title(_("KVP activities")))
        body.addWidget(self.no_activities)
        body.addWidget(self.activities)
        body.addStretch(1)
        self.show_content(False)

    # Loading ----------------------------------------------------------------------------------------

    @staticmethod
    def pick(overview: PlanOverview, remembered: uuid.UUID | None) -> uuid.UUID | None:
        ids = [programme.programme_id for programme in overview.kvp]
        return remembered if remembered in ids else (ids[0] if ids else None)

    @staticmethod
    def fetch(db: Database, actor: Actor, _person_id: uuid.UUID, selected: uuid.UUID | None) -> KvpView | None:
        return kvp.get_kvp(db, actor, selected) if selected else None

    def set_overview(self, person_id: uuid.UUID, overview: PlanOverview, options: Sequence[PlanOption],
                     selected: uuid.UUID | None) -> None:
        self.person_id = person_id
        self.options = tuple(options)
        self.set_selector(((p.programme_id, programme_label(p)) for p in overview.kvp), selected)

    def show_detail(self, programme: KvpView | None) -> None:
        self.programme = programme
        self.show_content(programme is not None)
        if programme is None:
            return
        while self.status.count():
            old = self.status.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        tone = {KvpStatus.INTERRUPTED: "warning", KvpStatus.ENDED: ""}.get(KvpStatus(programme.status), "")
        self.status.addWidget(Badge(programme.status_label, tone))
        self.status.addStretch(1)
        self.municipality.setText(programme.municipality)
        self.period.setText(period_text(programme.starts_on, programme.planned_end_on))
        self.ordinary.setText(format_date(programme.ordinary_end))
        self.longest.setText(_("{date} (third year only with a special reason)").format(
            date=format_date(programme.longest_end)))
        self.days.setText(format_number(programme.days_in_programme))
        self.reason.setText(or_dash(programme.special_reason))
        ended = ""
        if programme.ended_on:
            ended = _("{date}: {reason}").format(date=format_date(programme.ended_on),
                                                 reason=programme.end_reason_label)
            if programme.end_note:
                ended += f" — {programme.end_note}"
        self.ended.setText(or_dash(ended))
        self.week.set_rows(((row.weekday_label, row.activity, format_number(row.hours), row.goal_text or "—"), None)
                           for row in programme.week)
        hours = ngettext("{hours} hour a week", "{hours} hours a week", int(programme.week_hours)).format(
            hours=format_number(programme.week_hours))
        self.week_total.setText(hours + (" — " + _("full time") if programme.full_time else ""))
        self.breaks.set_rows(((format_date(b.starts_on), format_date(b.ends_on) if b.ends_on else _("Still away"),
                               str(b.days), b.reason), None) for b in programme.interruptions)
        ref = PlanRef.kvp(programme.programme_id)
        offered = [option for option in self.options if option.ref != ref]
        self.goals.set_plan(programme.person_id, [PlanOption(ref, _("This KVP plan")), *offered], ref,
                            can_add=programme.can_change)
        self.goals.show_items(programme.goals, programme.measures)
        self.activities.set_rows(((card.title, card.status_label, format_date(card.from_date),
                                   format_date(card.to_date)), card.activity_id) for card in programme.activities)
        for view, empty, items in ((self.week, self.no_week, programme.week),
                                   (self.breaks, self.no_breaks, programme.interruptions),
                                   (self.activities, self.no_activities, programme.activities)):
            fit_rows(view)
            view.setVisible(bool(items))
            empty.setVisible(not items)
        self.week_total.setVisible(bool(programme.week))
        away = programme.status == KvpStatus.INTERRUPTED or any(b.ends_on is None for b in programme.interruptions)
        for widget in (self.edit_button, self.week_button, self.end_button):
            widget.setEnabled(programme.can_change)
        self.break_button.setVisible(not away)
        self.back_button.setVisible(away)
        self.break_button.setEnabled(programme.can_change)
        self.back_button.setEnabled(programme.can_change)
        self.new_button.setEnabled(programme.ended_on is not None)

    # Actions ----------------------------------------------------------------------------------------

    def start(self) -> None:
        if self.person_id is not None:
            self.open_dialog(KvpDialog(self.ctx, self.person_id, None, decisions=self.decisions(),
                                       municipality_name=self.municipality_name(), parent=self))

    def edit_period(self) -> None:
        if self.programme is not None and self.person_id is not None:
            self.open_dialog(KvpDialog(self.ctx, self.person_id, self.programme, decisions=self.decisions(),
                                       parent=self))

    def interrupt(self) -> None:
        if self.programme is not None:
            self.open_dialog(InterruptDialog(self.ctx, self.programme, self))

    def re_entry(self) -> None:
        if self.programme is not None:
            self.open_dialog(ReentryDialog(self.ctx, self.programme, self))

    def edit_week(self) -> None:
        if self.programme is not None:
            self.open_dialog(WeekPlanDialog(self.ctx, self.programme, self))

    def end_programme(self) -> None:
        if self.programme is not None:
            self.open_dialog(EndKvpDialog(self.ctx, self.programme, self))
