"""The individual plan section of the Plans tab: the plan's facts and the nine items the regulation
requires (each ticked or named as missing), the goals and measures, participants with their consent to
sharing, revisions and the ansvarsgrupper around the plan."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QMessageBox, QWidget

from navdesk.domain.plans import IpItem, IpStatus, label
from navdesk.i18n import _, format_date
from navdesk.services import individual_plans
from navdesk.services.actor import Actor
from navdesk.services.plan_types import (
    IndividualPlanSummary,
    IndividualPlanView,
    ParticipantView,
    PlanOverview,
    PlanRef,
)
from navdesk.store.engine import Database
from navdesk.ui.context import UiContext
from navdesk.ui.people.card.widgets import Badge, empty_state
from navdesk.ui.plans.goal_box import GoalBox, OpenDialog
from navdesk.ui.plans.ip_dialog import IndividualPlanDialog
from navdesk.ui.plans.ip_end_dialog import EndPlanDialog
from navdesk.ui.plans.ip_participant_dialog import ParticipantDialog
from navdesk.ui.plans.ip_revision_dialog import RevisionDialog
from navdesk.ui.plans.plan_form import (
    PERSON,
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


def plan_choice_label(summary: IndividualPlanSummary) -> str:
    return _("{municipality}, from {date} ({status})").format(
        municipality=summary.municipality, date=format_date(summary.period_from), status=summary.status_label)


class IpPage(PlanPage):
    def __init__(self, ctx: UiContext, open_dialog: OpenDialog, municipality_name: Callable[[], str],
                 show_group: Callable[[uuid.UUID], None]) -> None:
        super().__init__(_("The person has no individual plan. Start one with “New individual plan…” when they "
                           "need long-term, coordinated services from more than one place."))
        self.ctx = ctx
        self.open_dialog = open_dialog
        self.municipality_name = municipality_name
        self.show_group = show_group
        self.person_id: uuid.UUID | None = None
        self.plan: IndividualPlanView | None = None

        self.new_button = button(_("New individual plan…"), self.new_plan)
        self.add_empty_button(button(_("&New individual plan…"), self.new_plan))
        self.edit_button = button(_("&Edit plan…"), self.edit_plan)
        self.revision_button = button(_("Record &revision…"), self.record_revision)
        self.activate_button = button(_("P&ut into force"), self.activate,
                                      _("The person's consent to the plan must be recorded first"))
        self.end_button = button(_("End plan…"), self.end_plan)
        for widget in (self.edit_button, self.revision_button, self.activate_button, self.end_button,
                       self.new_button):
            self.buttons.addWidget(widget)

        self.status = QHBoxLayout()
        self.municipality, self.period, self.next_revision = value_label(), value_label(), value_label()
        self.coordinator, self.consent, self.ended = value_label(), value_label(), value_label()
        facts = facts_grid(((_("Municipality"), self.municipality), (_("Plan period"), self.period),
                            (_("Coordinator"), self.coordinator), (_("Next revision"), self.next_revision),
                            (_("Consent to the plan"), self.consent), (_("Ended"), self.ended)))
        self.requirements = QGridLayout()
        self.requirements.setHorizontalSpacing(16)
        self.requirement_labels: dict[str, QLabel] = {}
        for index, item in enumerate(IpItem):
            text = QLabel()
            text.setObjectName("requirement")
            self.requirement_labels[item.value] = text
            self.requirements.addWidget(text, index % 5, index // 5)
        self.goals = GoalBox(ctx, open_dialog, goal_caption=_("The person's goals"),
                             measure_caption=_("Measures: scope, owner and deadline"))
        self.resources, self.needs = value_label(), value_label()
        self.carried_out, self.other_services = value_label(), value_label()
        self.participants = rows_list([_("Participant"), _("Role"), _("Contributes"), _("Consent to share")], (0, 2))
        self.participants.itemActivated.connect(lambda *_args: self.edit_participant())
        self.no_participants = empty_state(_("No participants yet. Add the services and people who take part."))
        self.add_participant_button = button(_("&Add participant…"), self.add_participant)
        self.edit_participant_button = button(_("Edit participant…"), self.edit_participant)
        self.remove_participant_button = button(_("Remove"), self.remove_participant)
        self.revisions = rows_list([_("Revised"), _("Next revision"), _("Summary"), _("By")], (2,))
        self.no_revisions = empty_state(_("Not revised yet."))
        self.groups = rows_list([_("Ansvarsgruppe"), _("Members"), _("Last meeting"), _("Open tasks")], (0,))
        self.groups.itemActivated.connect(lambda *_args: self._open_group())
        self.no_groups = empty_state(_("No ansvarsgruppe for this plan yet. Set one up in the Ansvarsgruppe "
                                       "section."))

        body = self.body_layout
        body.addLayout(self.status)
        body.addLayout(facts)
        body.addWidget(section_title(_("What the regulation requires")))
        body.addLayout(self.requirements)
        body.addSpacing(6)
        body.addWidget(self.goals)
        body.addWidget(section_title(_("Resources and needs")))
        body.addLayout(facts_grid(((_("Resources"), self.resources), (_("Needs"), self.needs))))
        body.addLayout(self._heading(_("Participants and what they contribute"), self.add_participant_button,
                                     self.edit_participant_button, self.remove_participant_button))
        body.addWidget(self.no_participants)
        body.addWidget(self.participants)
        body.addWidget(section_title(_("How the measures are carried out")))
        body.addWidget(self.carried_out)
        body.addWidget(section_title(_("Other services involved")))
        body.addWidget(self.other_services)
        body.addWidget(section_title(_("Revisions")))
        body.addWidget(self.no_revisions)
        body.addWidget(self.revisions)
        body.addWidget(section_title(_("Ansvarsgrupper")))
        body.addWidget(self.no_groups)
        body.addWidget(self.groups)
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
        """The plan to show: the one shown before, else the newest that has not ended, else the newest."""
        ids = [summary.plan_id for summary in overview.individual_plans]
        if remembered in ids:
            return remembered
        running = [s.plan_id for s in overview.individual_plans if s.status != IpStatus.ENDED]
        return (running or ids or [None])[0]

    @staticmethod
    def fetch(db: Database, actor: Actor, _person_id: uuid.UUID,
              selected: uuid.UUID | None) -> IndividualPlanView | None:
        return individual_plans.get_individual_plan(db, actor, selected) if selected else None

    def set_overview(self, person_id: uuid.UUID, overview: PlanOverview, options: Sequence[PlanOption],
                     selected: uuid.UUID | None) -> None:
        self.person_id = person_id
        self.options = tuple(options)
        self.set_selector(((s.plan_id, plan_choice_label(s)) for s in overview.individual_plans), selected)

    def show_detail(self, plan: IndividualPlanView | None) -> None:
        self.plan = plan
        self.show_content(plan is not None)
        if plan is None:
            return
        self._show_status(plan)
        self.municipality.setText(plan.municipality)
        self.period.setText(or_dash(period_text(plan.period_from, plan.period_to)))
        revision = format_date(plan.next_revision_on) if plan.next_revision_on else _("Not set")
        self.next_revision.setText(revision)
        self.coordinator.setText(plan.coordinator or _("Not chosen yet"))
        self.consent.setText(plan.plan_consent or _("Not recorded"))
        self.ended.setText(_("{date}: {reason}").format(date=format_date(plan.ended_on), reason=plan.end_reason)
                           if plan.ended_on else "—")
        missing = {code for code, _text in plan.missing}
        for item in IpItem:
            shown = self.requirement_labels[item.value]
            present = item.value not in missing
            shown.setText(("✓ " if present else "○ ") + label(item))
            shown.setProperty("state", "done" if present else "missing")
            shown.style().unpolish(shown)
            shown.style().polish(shown)
        ref = PlanRef.individual_plan(plan.plan_id)
        offered = [option for option in self.options if option.ref != ref]
        self.goals.set_plan(plan.person_id, [PlanOption(ref, _("This individual plan")), *offered], ref,
                            can_add=plan.can_change)
        self.goals.show_items(plan.goals, plan.measures)
        self.resources.setText(or_dash(plan.resources))
        self.needs.setText(or_dash(plan.needs))
        self.carried_out.setText(or_dash(plan.carried_out))
        self.other_services.setText(or_dash(plan.other_services))
        self.participants.set_rows((
            (f"{p.name}, {p.organisation}" if p.organisation else p.name, p.role or p.kind_label,
             or_dash(p.contribution),
             (p.sharing_consent or _("Not recorded")) if p.needs_sharing_consent else _("Not needed")),
            p.participant_id) for p in plan.participants)
        self.revisions.set_rows(((format_date(r.revised_on), format_date(r.next_revision_on), r.summary, r.by), None)
                                for r in plan.revisions)
        self.groups.set_rows(((g.name, str(g.members), format_date(g.last_meeting_on), str(g.open_tasks)), g.group_id)
                             for g in plan.groups)
        for view, empty, items in ((self.participants, self.no_participants, plan.participants),
                                   (self.revisions, self.no_revisions, plan.revisions),
                                   (self.groups, self.no_groups, plan.groups)):
            fit_rows(view)
            view.setVisible(bool(items))
            empty.setVisible(not items)
        for widget in (self.edit_button, self.revision_button, self.end_button, self.add_participant_button):
            widget.setEnabled(plan.can_change)
        self.activate_button.setVisible(plan.status == IpStatus.DRAFT)
        self.activate_button.setEnabled(plan.can_change)
        self.edit_participant_button.setEnabled(plan.can_change and bool(plan.participants))
        self.remove_participant_button.setEnabled(plan.can_change and bool(plan.participants))

    def _show_status(self, plan: IndividualPlanView) -> None:
        while self.status.count():
            old = self.status.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        self.status.addWidget(Badge(plan.status_label, "warning" if plan.status == IpStatus.DRAFT else ""))
        if plan.revision_overdue:
            self.status.addWidget(Badge(_("Revision overdue"), "danger"))
        if plan.missing and plan.status != IpStatus.ENDED:
            self.status.addWidget(Badge(_("{count} of 9 items missing").format(count=len(plan.missing)), "warning"))
        self.status.addStretch(1)

    # Actions ----------------------------------------------------------------------------------------

    def new_plan(self) -> None:
        if self.person_id is not None:
            self.open_dialog(IndividualPlanDialog(self.ctx, self.person_id, None,
                                                  municipality_name=self.municipality_name(), parent=self))

    def edit_plan(self) -> None:
        if self.plan is not None and self.person_id is not None:
            self.open_dialog(IndividualPlanDialog(self.ctx, self.person_id, self.plan, parent=self))

    def record_revision(self) -> None:
        if self.plan is not None:
            self.open_dialog(RevisionDialog(self.ctx, self.plan, self))

    def end_plan(self) -> None:
        if self.plan is not None:
            self.open_dialog(EndPlanDialog(self.ctx, self.plan, self))

    def activate(self) -> None:
        plan = self.plan
        if plan is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.worker.run(lambda: individual_plans.activate_individual_plan(db, actor, plan.plan_id, plan.version),
                            changes=PERSON, parent=self)

    def _participant(self) -> ParticipantView | None:
        wanted = self.participants.current_value()
        plan = self.plan
        return next((p for p in plan.participants if p.participant_id == wanted), None) if plan else None

    def add_participant(self) -> None:
        if self.plan is not None:
            self.open_dialog(ParticipantDialog(self.ctx, self.plan, None, self))

    def edit_participant(self) -> None:
        participant = self._participant()
        if self.plan is not None and participant is not None:
            self.open_dialog(ParticipantDialog(self.ctx, self.plan, participant, self))

    def remove_participant(self) -> None:
        participant = self._participant()
        if self.plan is None or participant is None:
            return
        answer = QMessageBox.question(self, _("Remove participant"), _(
            "Take {name} out of the plan?").format(name=participant.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor, wanted = self.ctx.db, self.ctx.actor, participant.participant_id
        self.ctx.worker.run(lambda: individual_plans.remove_participant(db, actor, wanted), changes=PERSON,
                            parent=self)

    def _open_group(self) -> None:
        group_id = self.groups.current_value()
        if group_id is not None:
            self.show_group(group_id)
