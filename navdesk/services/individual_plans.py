"""The individual plan (individuell plan) and the ansvarsgruppe around it.

A plan holds the nine items the regulation requires; `IndividualPlanView.missing` names those still
missing. Each revision is kept and dated and always sets the next revision date; a plan whose next
revision has passed is flagged. Consent to the plan and to sharing with each participant points to the
person's consent register, so a withdrawn consent shows on the plan at once. Plans, groups and their
meetings are municipal (service `ind_plan`) for the plan's responsible municipality.

Typical UI use: `get_individual_plan()` for the whole plan, `update_individual_plan()` for its text
fields, goals and measures through `navdesk.services.plans` with `PlanRef.individual_plan(id)`,
`add_participant()`, `record_revision()`; `get_ansvarsgruppe()`, `record_meeting()`, `complete_task()`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from navdesk.domain import validators
from navdesk.domain.access_types import Action, ConsentFacts, ConsentState, Decision
from navdesk.domain.errors import Conflict, Errors, ValidationFailed
from navdesk.domain.plans import (
    IpContent,
    IpStatus,
    ParticipantKind,
    label,
    missing_items,
    plan_period_errors,
    revision_errors,
    revision_overdue,
)
from navdesk.i18n import _, format_date
from navdesk.services import audit
from navdesk.services.access_facts import access_context
from navdesk.services.actor import Actor
from navdesk.services.consents import consent_state_label
from navdesk.services.person_guard import Refused, action_session
from navdesk.services.plan_access import (
    IP_SERVICE,
    WHAT_ANSVARSGRUPPE,
    WHAT_INDIVIDUAL_PLAN,
    PlanJudge,
    begin,
    log_allowed,
    municipality_names,
    plan_item,
    require,
    row_item,
    staff_names,
)
from navdesk.services.plan_goals import GoalReader, contact_labels
from navdesk.services.plan_types import (
    AnsvarsgruppeForm,
    AnsvarsgruppeSummary,
    AnsvarsgruppeView,
    ConsentOption,
    IndividualPlanForm,
    IndividualPlanSummary,
    IndividualPlanView,
    MeetingForm,
    MeetingView,
    MemberForm,
    MemberView,
    ParticipantForm,
    ParticipantView,
    PlanRef,
    RevisionForm,
    RevisionView,
    TaskForm,
    TaskView,
)
from navdesk.store.engine import Database
from navdesk.store.models import (
    Ansvarsgruppe,
    AnsvarsgruppeMeeting,
    AnsvarsgruppeMember,
    Consent,
    IndividualPlan,
    MeetingTask,
    Municipality,
    PartnerContact,
    PlanParticipant,
    PlanRevision,
    Staff,
)
from navdesk.store.models.plans import meeting_attendee

TEXT_MAX = 10_000
NEEDS_SHARING_CONSENT = frozenset({ParticipantKind.PARTNER_CONTACT, ParticipantKind.NEXT_OF_KIN,
                                   ParticipantKind.OTHER})


# Individual plans -----------------------------------------------------------------------------------

def get_individual_plan(db: Database, actor: Actor, plan_id: uuid.UUID, *,
                        now: datetime | None = None) -> IndividualPlanView:
    now = now or datetime.now()
    with action_session(db) as session:
        plan, judge = _open_plan(session, actor, plan_id, audit.LogAction.READ, now)
        require(session, judge, row_item(plan), Action.READ, log_action=audit.LogAction.READ,
                what=WHAT_INDIVIDUAL_PLAN, now=now)
        view = plan_view(session, judge, plan, now.date())
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_INDIVIDUAL_PLAN, now=now)
        return view


def individual_plans(db: Database, actor: Actor, person_id: uuid.UUID, *,
                     now: datetime | None = None) -> tuple[IndividualPlanSummary, ...]:
    """The person's individual plans the actor may read, newest first."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT_INDIVIDUAL_PLAN,
                              now=now)
        reader = GoalReader(session, judge, person_id, now.date())
        plans = judge.sort(session.scalars(select(IndividualPlan).where(IndividualPlan.person_id == person_id)
                                           .order_by(IndividualPlan.created_at.desc())), row_item)
        result = tuple(plan_summary(session, reader, plan, now.date()) for plan in plans)
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_INDIVIDUAL_PLAN, now=now)
        return result


def create_individual_plan(db: Database, actor: Actor, person_id: uuid.UUID, form: IndividualPlanForm, *,
                           now: datetime | None = None) -> IndividualPlanView:
    """Start an individual plan as a draft; it becomes active once the person has consented to it."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT_INDIVIDUAL_PLAN,
                              now=now)
        municipality_id = form.responsible_municipality_id or judge.person.residence_municipality_id
        _check_plan_form(session, judge, form, municipality_id)
        item = plan_item("municipal", municipality_id, IP_SERVICE)
        current = session.scalars(select(IndividualPlan.id).where(
            IndividualPlan.person_id == person_id, IndividualPlan.responsible_municipality_id == municipality_id,
            IndividualPlan.status != IpStatus.ENDED.value)).first()
        if current is not None and judge.may(item):
            raise ValidationFailed({"responsible_municipality_id": _(
                "The person already has an individual plan with this municipality. Revise that plan instead of "
                "starting another.")})
        decision = require(session, judge, item, Action.CHANGE, log_action=audit.LogAction.CHANGE,
                           what=WHAT_INDIVIDUAL_PLAN, now=now)
        plan = IndividualPlan(person_id=person_id, status=IpStatus.DRAFT.value, side="municipal",
                              responsible_municipality_id=municipality_id, service_code=IP_SERVICE,
                              created_at=now, created_by_id=actor.staff_id, changed_at=now,
                              changed_by_id=actor.staff_id)
        _fill_plan(plan, form)
        session.add(plan)
        session.flush()
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_INDIVIDUAL_PLAN,
                    reason=decision.reason, now=now)
        return plan_view(session, judge, plan, now.date())


def update_individual_plan(db: Database, actor: Actor, plan_id: uuid.UUID, version: int, form: IndividualPlanForm,
                           *, now: datetime | None = None) -> IndividualPlanView:
    """Change the plan's own fields (the responsible municipality stays)."""
    now = now or datetime.now()
    with action_session(db) as session:
        plan, judge, decision = _plan_for_change(session, actor, plan_id, version, now)
        assert plan.responsible_municipality_id is not None
        _check_plan_form(session, judge, form, plan.responsible_municipality_id)
        _fill_plan(plan, form)
        _touch(plan, actor, now)
        return _saved(session, judge, plan, decision, now)


def activate_individual_plan(db: Database, actor: Actor, plan_id: uuid.UUID, version: int, *,
                             now: datetime | None = None) -> IndividualPlanView:
    """Put a draft plan into force: the person's consent to the plan must be in force."""
    now = now or datetime.now()
    with action_session(db) as session:
        plan, judge, decision = _plan_for_change(session, actor, plan_id, version, now)
        if plan.status != IpStatus.DRAFT:
            raise ValidationFailed({"status": _("Only a draft can be put into force.")})
        if _consent_state(judge, plan.plan_consent_id, now.date()) is not ConsentState.ACTIVE:
            raise ValidationFailed({"plan_consent_id": _("The person's consent to the plan must be recorded and in "
                                                         "force before the plan is put into force.")})
        plan.status = IpStatus.ACTIVE.value
        _touch(plan, actor, now)
        return _saved(session, judge, plan, decision, now)


def end_individual_plan(db: Database, actor: Actor, plan_id: uuid.UUID, version: int, ended_on: date | None,
                        reason: str, *, now: datetime | None = None) -> IndividualPlanView:
    """End the plan; it is kept for the archive."""
    now = now or datetime.now()
    with action_session(db) as session:
        plan, judge, decision = _plan_for_change(session, actor, plan_id, version, now)
        errors = Errors()
        if ended_on is None:
            errors.add("ended_on", _("This field is required."))
        elif plan.period_from is not None and ended_on < plan.period_from:
            errors.add("ended_on", _("The plan cannot end before its period starts."))
        _add(errors, "reason", validators.required(reason, 500))
        errors.raise_if_any()
        plan.status, plan.ended_on, plan.end_reason = IpStatus.ENDED.value, ended_on, reason.strip()
        _touch(plan, actor, now)
        return _saved(session, judge, plan, decision, now)


def record_revision(db: Database, actor: Actor, plan_id: uuid.UUID, version: int, form: RevisionForm, *,
                    now: datetime | None = None) -> IndividualPlanView:
    """Keep a dated revision of the plan and set its next revision date (required)."""
    now = now or datetime.now()
    with action_session(db) as session:
        plan, judge, decision = _plan_for_change(session, actor, plan_id, version, now)
        errors = revision_errors(form.revised_on, form.next_revision_on, now.date())
        if len(form.summary.strip()) > TEXT_MAX:
            errors["summary"] = _("At most {count} characters.").format(count=TEXT_MAX)
        if errors:
            raise ValidationFailed(errors)
        assert form.revised_on is not None and form.next_revision_on is not None
        session.add(PlanRevision(plan_id=plan.id, revised_on=form.revised_on, summary=form.summary.strip(),
                                 next_revision_on=form.next_revision_on, by_id=actor.staff_id, at=now))
        plan.next_revision_on = form.next_revision_on
        _touch(plan, actor, now)
        return _saved(session, judge, plan, decision, now)


def add_participant(db: Database, actor: Actor, plan_id: uuid.UUID, form: ParticipantForm, *,
                    now: datetime | None = None) -> IndividualPlanView:
    now = now or datetime.now()
    with action_session(db) as session:
        plan, judge, decision = _plan_for_change(session, actor, plan_id, None, now)
        _check_participant(session, judge, plan, form, None)
        participant = PlanParticipant(plan_id=plan.id)
        _fill_participant(participant, form)
        session.add(participant)
        _touch(plan, actor, now)
        return _saved(session, judge, plan, decision, now)


def update_participant(db: Database, actor: Actor, participant_id: uuid.UUID, version: int, form: ParticipantForm,
                       *, now: datetime | None = None) -> IndividualPlanView:
    now = now or datetime.now()
    with action_session(db) as session:
        participant = session.get(PlanParticipant, participant_id)
        if participant is None:
            raise Refused(_("The participant is no longer in the plan."))
        plan, judge, decision = _plan_for_change(session, actor, participant.plan_id, None, now)
        if participant.version != version:
            raise Conflict(_conflict())
        _check_participant(session, judge, plan, form, participant.id)
        _fill_participant(participant, form)
        _touch(plan, actor, now)
        return _saved(session, judge, plan, decision, now)


def remove_participant(db: Database, actor: Actor, participant_id: uuid.UUID, *,
                       now: datetime | None = None) -> IndividualPlanView:
    now = now or datetime.now()
    with action_session(db) as session:
        participant = session.get(PlanParticipant, participant_id)
        if participant is None:
            raise Refused(_("The participant is no longer in the plan."))
        plan, judge, decision = _plan_for_change(session, actor, participant.plan_id, None, now)
        session.delete(participant)
        _touch(plan, actor, now)
        return _saved(session, judge, plan, decision, now)


# Views ----------------------------------------------------------------------------------------------

def plan_summary(session: Session, reader: GoalReader, plan: IndividualPlan, today: date) -> IndividualPlanSummary:
    status = IpStatus(plan.status)
    names = municipality_names(session)
    return IndividualPlanSummary(
        plan_id=plan.id,
        status=status.value,
        status_label=label(status),
        municipality=names.get(plan.responsible_municipality_id, "") if plan.responsible_municipality_id else "",
        period_from=plan.period_from,
        period_to=plan.period_to,
        next_revision_on=plan.next_revision_on,
        revision_overdue=revision_overdue(status, plan.next_revision_on, today),
        missing=len(missing_items(_content(session, reader, plan, today))),
    )


def plan_view(session: Session, judge: PlanJudge, plan: IndividualPlan, today: date) -> IndividualPlanView:
    reader = GoalReader(session, judge, plan.person_id, today)
    ref = PlanRef.individual_plan(plan.id)
    staff = staff_names(session)
    status = IpStatus(plan.status)
    participants = _participants(session, judge, plan, staff, today)
    revisions = tuple(
        RevisionView(row.revised_on, row.summary, row.next_revision_on, staff.get(row.by_id, ""), row.at)
        for row in session.scalars(select(PlanRevision).where(PlanRevision.plan_id == plan.id)
                                   .order_by(PlanRevision.revised_on.desc(), PlanRevision.at.desc())))
    consent = _consent_state(judge, plan.plan_consent_id, today)
    content = _content(session, reader, plan, today)
    groups = group_summaries(session, judge, plan.person_id, today, plan_id=plan.id)
    assert plan.responsible_municipality_id is not None
    return IndividualPlanView(
        plan_id=plan.id,
        version=plan.version,
        person_id=plan.person_id,
        municipality_id=plan.responsible_municipality_id,
        municipality=session.get_one(Municipality, plan.responsible_municipality_id).name,
        status=status.value,
        status_label=label(status),
        resources=plan.resources,
        needs=plan.needs,
        carried_out=plan.carried_out,
        other_services=plan.other_services,
        period_from=plan.period_from,
        period_to=plan.period_to,
        next_revision_on=plan.next_revision_on,
        revision_overdue=revision_overdue(status, plan.next_revision_on, today),
        coordinator_id=plan.coordinator_id,
        coordinator=staff.get(plan.coordinator_id, "") if plan.coordinator_id else "",
        plan_consent_id=plan.plan_consent_id,
        plan_consent=consent_state_label(consent) if consent else "",
        plan_consent_active=consent is ConsentState.ACTIVE,
        goals=reader.goals(ref),
        measures=reader.measures(ref),
        participants=participants,
        revisions=revisions,
        groups=groups,
        missing=tuple((item.value, label(item)) for item in missing_items(content)),
        ended_on=plan.ended_on,
        end_reason=plan.end_reason,
        can_change=status is not IpStatus.ENDED and judge.may(row_item(plan), Action.CHANGE),
        consent_options=_consent_options(session, judge, today),
        withheld=judge.withheld,
    )


def _content(session: Session, reader: GoalReader, plan: IndividualPlan, today: date) -> IpContent:
    ref = PlanRef.individual_plan(plan.id)
    measures = reader.measures(ref)
    rows = session.execute(select(PlanParticipant.kind, PlanParticipant.contribution,
                                  PlanParticipant.sharing_consent_id).where(PlanParticipant.plan_id == plan.id)).all()
    consents = {c.consent_id: c for c in reader.judge.person.consents}
    without_consent = sum(
        1 for kind, _contribution, consent_id in rows
        if kind in NEEDS_SHARING_CONSENT
        and (consent_id not in consents or consents[consent_id].state_on(today) is not ConsentState.ACTIVE))
    return IpContent(
        goals=len(reader.goals(ref)),
        resources=bool(plan.resources.strip()),
        needs=bool(plan.needs.strip()),
        participants=len(rows),
        coordinator=plan.coordinator_id is not None,
        contributions=sum(1 for _kind, contribution, _consent in rows if contribution.strip()),
        measures=len(measures),
        complete_measures=sum(1 for m in measures if m.scope and m.owner and m.deadline),
        carried_out=bool(plan.carried_out.strip()),
        period=plan.period_from is not None,
        next_revision=plan.next_revision_on is not None,
        plan_consent=_consent_state(reader.judge, plan.plan_consent_id, today) is ConsentState.ACTIVE,
        participants_without_sharing_consent=without_consent,
        other_services=bool(plan.other_services.strip()),
    )


def _participants(session: Session, judge: PlanJudge, plan: IndividualPlan, staff: dict[uuid.UUID, str],
                  today: date) -> tuple[ParticipantView, ...]:
    rows = session.scalars(select(PlanParticipant).where(PlanParticipant.plan_id == plan.id)).all()
    contacts = contact_labels(session, {row.contact_id for row in rows if row.contact_id})
    views = []
    for row in rows:
        kind = ParticipantKind(row.kind)
        name, organisation = _who(kind, row.staff_id, row.contact_id, row.name, staff, contacts)
        state = _consent_state(judge, row.sharing_consent_id, today)
        views.append(ParticipantView(
            participant_id=row.id, version=row.version, kind=kind.value, kind_label=label(kind), name=name,
            organisation=organisation, role=row.role, contribution=row.contribution, staff_id=row.staff_id,
            contact_id=row.contact_id, sharing_consent_id=row.sharing_consent_id,
            sharing_consent=consent_state_label(state) if state else "",
            sharing_consent_active=state is ConsentState.ACTIVE,
            needs_sharing_consent=kind in NEEDS_SHARING_CONSENT,
        ))
    order = list(ParticipantKind)
    return tuple(sorted(views, key=lambda v: (order.index(ParticipantKind(v.kind)), v.name)))


def _who(kind: ParticipantKind, staff_id: uuid.UUID | None, contact_id: uuid.UUID | None, name: str,
         staff: dict[uuid.UUID, str], contacts: dict[uuid.UUID, tuple[str, str]]) -> tuple[str, str]:
    """(name, organisation) of a participant or member as shown."""
    if kind is ParticipantKind.PERSON:
        return _("The person"), ""
    if kind is ParticipantKind.STAFF and staff_id is not None:
        return staff.get(staff_id, ""), "NAV"
    if kind is ParticipantKind.PARTNER_CONTACT and contact_id is not None and contact_id in contacts:
        return contacts[contact_id]
    return name, ""


def _consent_state(judge: PlanJudge, consent_id: uuid.UUID | None, today: date) -> ConsentState | None:
    if consent_id is None:
        return None
    for consent in judge.person.consents:
        if consent.consent_id == consent_id:
            return consent.state_on(today)
    return None


def _consent_options(session: Session, judge: PlanJudge, today: date) -> tuple[ConsentOption, ...]:
    purposes = {key: purpose for key, purpose in session.execute(
        select(Consent.id, Consent.purpose).where(Consent.person_id == judge.person.person_id))}
    options = []
    for consent in sorted(judge.person.consents, key=lambda c: c.given_on, reverse=True):
        options.append(_consent_option(consent, purposes.get(consent.consent_id, ""), today))
    return tuple(options)


def _consent_option(consent: ConsentFacts, purpose: str, today: date) -> ConsentOption:
    state = consent.state_on(today)
    text = _("Consent of {date} ({state})").format(date=format_date(consent.given_on),
                                                 state=consent_state_label(state))
    if purpose.strip():
        text = f"{text}: {purpose.strip()[:80]}"
    return ConsentOption(consent.consent_id, text, state.value, state is ConsentState.ACTIVE)


# Ansvarsgruppe --------------------------------------------------------------------------------------

def create_ansvarsgruppe(db: Database, actor: Actor, person_id: uuid.UUID, form: AnsvarsgruppeForm, *,
                         now: datetime | None = None) -> AnsvarsgruppeView:
    """Set up an ansvarsgruppe, usually for an individual plan (it then shares the plan's side)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT_ANSVARSGRUPPE,
                              now=now)
        errors = Errors()
        _add(errors, "name", validators.required(form.name, 150))
        municipality_id = form.responsible_municipality_id or judge.person.residence_municipality_id
        if form.individual_plan_id is not None:
            plan = session.get(IndividualPlan, form.individual_plan_id)
            if plan is None or plan.person_id != person_id:
                errors.add("individual_plan_id", _("Choose one of the person's individual plans."))
            else:
                municipality_id = plan.responsible_municipality_id or municipality_id
        elif session.get(Municipality, municipality_id) is None:
            errors.add("responsible_municipality_id", _("Choose the responsible municipality."))
        errors.raise_if_any()
        item = plan_item("municipal", municipality_id, IP_SERVICE)
        decision = require(session, judge, item, Action.CHANGE, log_action=audit.LogAction.CHANGE,
                           what=WHAT_ANSVARSGRUPPE, now=now)
        group = Ansvarsgruppe(person_id=person_id, individual_plan_id=form.individual_plan_id, name=form.name.strip(),
                              side="municipal", responsible_municipality_id=municipality_id, service_code=IP_SERVICE,
                              created_at=now, created_by_id=actor.staff_id)
        session.add(group)
        session.flush()
        session.add(AnsvarsgruppeMember(group_id=group.id, kind=ParticipantKind.PERSON.value))
        return _group_saved(session, judge, group, decision, now)


def get_ansvarsgruppe(db: Database, actor: Actor, group_id: uuid.UUID, *,
                      now: datetime | None = None) -> AnsvarsgruppeView:
    now = now or datetime.now()
    with action_session(db) as session:
        group, judge = _open_group(session, actor, group_id, audit.LogAction.READ, now)
        require(session, judge, row_item(group), Action.READ, log_action=audit.LogAction.READ,
                what=WHAT_ANSVARSGRUPPE, now=now)
        view = group_view(session, judge, group, now.date())
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_ANSVARSGRUPPE, now=now)
        return view


def add_member(db: Database, actor: Actor, group_id: uuid.UUID, form: MemberForm, *,
               now: datetime | None = None) -> AnsvarsgruppeView:
    now = now or datetime.now()
    with action_session(db) as session:
        group, judge, decision = _group_for_change(session, actor, group_id, now)
        errors = Errors()
        _check_who(session, errors, form.kind, form.staff_id, form.contact_id, form.name)
        _add(errors, "role", validators.optional(form.role, 150))
        errors.raise_if_any()
        session.add(AnsvarsgruppeMember(group_id=group.id, kind=form.kind, staff_id=form.staff_id,
                                        contact_id=form.contact_id, name=form.name.strip(), role=form.role.strip()))
        return _group_saved(session, judge, group, decision, now)


def member_leaves(db: Database, actor: Actor, member_id: uuid.UUID, left_on: date | None, *,
                  now: datetime | None = None) -> AnsvarsgruppeView:
    """A member leaves the group; they stay in the minutes of the meetings they attended."""
    now = now or datetime.now()
    with action_session(db) as session:
        member = session.get(AnsvarsgruppeMember, member_id)
        if member is None:
            raise Refused(_("The member is no longer in the group."))
        group, judge, decision = _group_for_change(session, actor, member.group_id, now)
        if left_on is None:
            raise ValidationFailed({"left_on": _("This field is required.")})
        member.left_on = left_on
        return _group_saved(session, judge, group, decision, now)


def record_meeting(db: Database, actor: Actor, group_id: uuid.UUID, form: MeetingForm, *,
                   now: datetime | None = None) -> AnsvarsgruppeView:
    """Write the minutes of a meeting: date, place, who attended, minutes, decisions and follow-up tasks."""
    now = now or datetime.now()
    with action_session(db) as session:
        group, judge, decision = _group_for_change(session, actor, group_id, now)
        _check_meeting(session, group, form, now.date())
        meeting = AnsvarsgruppeMeeting(group_id=group.id, held_on=form.held_on, written_by_id=actor.staff_id,
                                       written_at=now)
        session.add(meeting)
        _fill_meeting(session, meeting, form)
        for task in form.tasks:
            session.add(MeetingTask(meeting_id=meeting.id, description=task.description.strip(),
                                    owner_member_id=task.owner_member_id, owner=task.owner.strip(),
                                    deadline=task.deadline))
        return _group_saved(session, judge, group, decision, now)


def update_meeting(db: Database, actor: Actor, meeting_id: uuid.UUID, version: int, form: MeetingForm, *,
                   now: datetime | None = None) -> AnsvarsgruppeView:
    """Correct a meeting's date, place, attendees, minutes and decisions (tasks: `add_task`, `complete_task`)."""
    now = now or datetime.now()
    with action_session(db) as session:
        meeting = session.get(AnsvarsgruppeMeeting, meeting_id)
        if meeting is None:
            raise Refused(_("The meeting no longer exists, or you may not see it."))
        group, judge, decision = _group_for_change(session, actor, meeting.group_id, now)
        if meeting.version != version:
            raise Conflict(_conflict())
        _check_meeting(session, group, MeetingForm(form.held_on, form.place, form.attendee_ids, form.minutes,
                                                   form.decisions), now.date())
        meeting.held_on = form.held_on  # type: ignore[assignment]  # checked above
        session.execute(meeting_attendee.delete().where(meeting_attendee.c.meeting_id == meeting.id))
        _fill_meeting(session, meeting, form)
        return _group_saved(session, judge, group, decision, now)


def add_task(db: Database, actor: Actor, meeting_id: uuid.UUID, form: TaskForm, *,
             now: datetime | None = None) -> AnsvarsgruppeView:
    now = now or datetime.now()
    with action_session(db) as session:
        meeting = session.get(AnsvarsgruppeMeeting, meeting_id)
        if meeting is None:
            raise Refused(_("The meeting no longer exists, or you may not see it."))
        group, judge, decision = _group_for_change(session, actor, meeting.group_id, now)
        errors = Errors()
        _check_task(session, errors, group, form, "")
        errors.raise_if_any()
        session.add(MeetingTask(meeting_id=meeting.id, description=form.description.strip(),
                                owner_member_id=form.owner_member_id, owner=form.owner.strip(), deadline=form.deadline))
        return _group_saved(session, judge, group, decision, now)


def complete_task(db: Database, actor: Actor, task_id: uuid.UUID, done_on: date | None, *,
                  now: datetime | None = None) -> AnsvarsgruppeView:
    now = now or datetime.now()
    with action_session(db) as session:
        task = session.get(MeetingTask, task_id)
        if task is None:
            raise Refused(_("The task no longer exists, or you may not see it."))
        meeting = session.get_one(AnsvarsgruppeMeeting, task.meeting_id)
        group, judge, decision = _group_for_change(session, actor, meeting.group_id, now)
        if done_on is None:
            raise ValidationFailed({"done_on": _("This field is required.")})
        if done_on > now.date():
            raise ValidationFailed({"done_on": _("A task cannot be done in the future.")})
        task.done_on = done_on
        return _group_saved(session, judge, group, decision, now)


def end_ansvarsgruppe(db: Database, actor: Actor, group_id: uuid.UUID, version: int, ended_on: date | None, *,
                      now: datetime | None = None) -> AnsvarsgruppeView:
    """The group has done its work; it and its minutes are kept for the archive."""
    now = now or datetime.now()
    with action_session(db) as session:
        group, judge, decision = _group_for_change(session, actor, group_id, now)
        if group.version != version:
            raise Conflict(_conflict())
        if ended_on is None:
            raise ValidationFailed({"ended_on": _("This field is required.")})
        group.ended_on = ended_on
        return _group_saved(session, judge, group, decision, now)


def group_summaries(session: Session, judge: PlanJudge, person_id: uuid.UUID, today: date, *,
                    plan_id: uuid.UUID | None = None) -> tuple[AnsvarsgruppeSummary, ...]:
    """The person's ansvarsgrupper the reader may see (only those of one individual plan with `plan_id`)."""
    query = select(Ansvarsgruppe).where(Ansvarsgruppe.person_id == person_id)
    if plan_id is not None:
        query = query.where(Ansvarsgruppe.individual_plan_id == plan_id)
    groups = judge.sort(session.scalars(query.order_by(Ansvarsgruppe.created_at)), row_item)
    result = []
    for group in groups:
        members = session.scalar(select(func.count()).select_from(AnsvarsgruppeMember).where(
            AnsvarsgruppeMember.group_id == group.id, AnsvarsgruppeMember.left_on.is_(None))) or 0
        last = session.scalar(select(func.max(AnsvarsgruppeMeeting.held_on))
                              .where(AnsvarsgruppeMeeting.group_id == group.id))
        tasks = session.execute(select(MeetingTask.deadline).join(
            AnsvarsgruppeMeeting, AnsvarsgruppeMeeting.id == MeetingTask.meeting_id).where(
            AnsvarsgruppeMeeting.group_id == group.id, MeetingTask.done_on.is_(None))).scalars().all()
        result.append(AnsvarsgruppeSummary(group.id, group.name, members, last, len(tasks),
                                           sum(1 for deadline in tasks if deadline is not None and deadline < today)))
    return tuple(result)


def group_view(session: Session, judge: PlanJudge, group: Ansvarsgruppe, today: date) -> AnsvarsgruppeView:
    staff = staff_names(session)
    members = session.scalars(select(AnsvarsgruppeMember).where(AnsvarsgruppeMember.group_id == group.id)).all()
    contacts = contact_labels(session, {m.contact_id for m in members if m.contact_id})
    member_views = {m.id: _member_view(m, staff, contacts) for m in members}
    meetings = session.scalars(select(AnsvarsgruppeMeeting).where(AnsvarsgruppeMeeting.group_id == group.id)
                               .order_by(AnsvarsgruppeMeeting.held_on.desc())).all()
    meeting_views = tuple(meeting_view(session, meeting, member_views, staff, today) for meeting in meetings)
    open_tasks = tuple(task for meeting in meeting_views for task in meeting.tasks if task.done_on is None)
    order = list(ParticipantKind)
    assert group.responsible_municipality_id is not None
    return AnsvarsgruppeView(
        group_id=group.id,
        version=group.version,
        person_id=group.person_id,
        name=group.name,
        individual_plan_id=group.individual_plan_id,
        municipality=session.get_one(Municipality, group.responsible_municipality_id).name,
        members=tuple(sorted(member_views.values(), key=lambda m: (m.left_on is not None,
                                                                   order.index(ParticipantKind(m.kind)), m.name))),
        meetings=meeting_views,
        open_tasks=tuple(sorted(open_tasks, key=lambda t: (t.deadline is None, t.deadline or date.max))),
        ended_on=group.ended_on,
        can_change=group.ended_on is None and judge.may(row_item(group), Action.CHANGE),
    )


def meeting_view(session: Session, meeting: AnsvarsgruppeMeeting, members: dict[uuid.UUID, MemberView],
                 staff: dict[uuid.UUID, str], today: date) -> MeetingView:
    attendee_ids = frozenset(session.scalars(select(meeting_attendee.c.member_id)
                                             .where(meeting_attendee.c.meeting_id == meeting.id)))
    tasks = session.scalars(select(MeetingTask).where(MeetingTask.meeting_id == meeting.id)
                            .order_by(MeetingTask.deadline)).all()
    return MeetingView(
        meeting_id=meeting.id,
        version=meeting.version,
        held_on=meeting.held_on,
        place=meeting.place,
        attendees=tuple(sorted(_member_line(members[m]) for m in attendee_ids if m in members)),
        attendee_ids=attendee_ids,
        minutes=meeting.minutes,
        decisions=meeting.decisions,
        tasks=tuple(TaskView(
            task_id=task.id, meeting_id=meeting.id, description=task.description,
            owner=members[task.owner_member_id].name if task.owner_member_id in members else task.owner,
            deadline=task.deadline, done_on=task.done_on,
            overdue=task.done_on is None and task.deadline is not None and task.deadline < today,
        ) for task in tasks),
        written_by=staff.get(meeting.written_by_id, ""),
        written_at=meeting.written_at,
    )


def _member_line(member: MemberView) -> str:
    details = ", ".join(part for part in (member.role, member.organisation) if part)
    return f"{member.name} ({details})" if details else member.name


def _member_view(member: AnsvarsgruppeMember, staff: dict[uuid.UUID, str],
                 contacts: dict[uuid.UUID, tuple[str, str]]) -> MemberView:
    kind = ParticipantKind(member.kind)
    name, organisation = _who(kind, member.staff_id, member.contact_id, member.name, staff, contacts)
    return MemberView(member.id, kind.value, label(kind), name, organisation, member.role, member.left_on)


# Internals ----------------------------------------------------------------------------------------

def _open_plan(session: Session, actor: Actor, plan_id: uuid.UUID, action: str,
               now: datetime) -> tuple[IndividualPlan, PlanJudge]:
    plan = session.get(IndividualPlan, plan_id)
    if plan is None:
        raise Refused(_("The plan no longer exists, or you may not see it."))
    ctx = access_context(session, actor, now=now)
    _facts, judge = begin(session, ctx, plan.person_id, action=action, what=WHAT_INDIVIDUAL_PLAN, now=now)
    return plan, judge


def _plan_for_change(session: Session, actor: Actor, plan_id: uuid.UUID, version: int | None,
                     now: datetime) -> tuple[IndividualPlan, PlanJudge, Decision]:
    """The plan to change: allowed, not ended, and (when `version` is given) not changed by someone else."""
    plan, judge = _open_plan(session, actor, plan_id, audit.LogAction.CHANGE, now)
    decision = require(session, judge, row_item(plan), Action.CHANGE, log_action=audit.LogAction.CHANGE,
                       what=WHAT_INDIVIDUAL_PLAN, now=now)
    if plan.status == IpStatus.ENDED:
        raise ValidationFailed({"status": _("This plan has ended and can no longer be changed.")})
    if version is not None and plan.version != version:
        raise Conflict(_conflict())
    return plan, judge, decision


def _saved(session: Session, judge: PlanJudge, plan: IndividualPlan, decision: Decision,
           now: datetime) -> IndividualPlanView:
    session.flush()
    log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_INDIVIDUAL_PLAN, reason=decision.reason,
                now=now)
    return plan_view(session, judge, plan, now.date())


def _touch(plan: IndividualPlan, actor: Actor, now: datetime) -> None:
    plan.changed_at, plan.changed_by_id = now, actor.staff_id


def _check_plan_form(session: Session, judge: PlanJudge, form: IndividualPlanForm, municipality_id: uuid.UUID) -> None:
    errors = Errors()
    for name, message in plan_period_errors(form.period_from, form.period_to, form.next_revision_on).items():
        errors.add(name, message)
    if session.get(Municipality, municipality_id) is None:
        errors.add("responsible_municipality_id", _("Choose the responsible municipality."))
    for name, value in (("resources", form.resources), ("needs", form.needs), ("carried_out", form.carried_out),
                        ("other_services", form.other_services)):
        if len(value.strip()) > TEXT_MAX:
            errors.add(name, _("At most {count} characters.").format(count=TEXT_MAX))
    if form.coordinator_id is not None and session.get(Staff, form.coordinator_id) is None:
        errors.add("coordinator_id", _("Choose a staff member."))
    if form.plan_consent_id is not None and _consent_state(judge, form.plan_consent_id, date.max) is None:
        errors.add("plan_consent_id", _("Choose one of the person's consents."))
    errors.raise_if_any()


def _fill_plan(plan: IndividualPlan, form: IndividualPlanForm) -> None:
    plan.period_from, plan.period_to, plan.next_revision_on = form.period_from, form.period_to, form.next_revision_on
    plan.resources, plan.needs = form.resources.strip(), form.needs.strip()
    plan.carried_out, plan.other_services = form.carried_out.strip(), form.other_services.strip()
    plan.coordinator_id, plan.plan_consent_id = form.coordinator_id, form.plan_consent_id


def _check_who(session: Session, errors: Errors, kind: str, staff_id: uuid.UUID | None,
               contact_id: uuid.UUID | None, name: str) -> None:
    try:
        who = ParticipantKind(kind)
    except ValueError:
        errors.add("kind", _("Choose who takes part."))
        return
    if who is ParticipantKind.STAFF and (staff_id is None or session.get(Staff, staff_id) is None):
        errors.add("staff_id", _("Choose a staff member."))
    if who is ParticipantKind.PARTNER_CONTACT and (contact_id is None or session.get(PartnerContact, contact_id)
                                                   is None):
        errors.add("contact_id", _("Choose a partner contact."))
    if who in (ParticipantKind.NEXT_OF_KIN, ParticipantKind.OTHER):
        _add(errors, "name", validators.required(name, 150))


def _check_participant(session: Session, judge: PlanJudge, plan: IndividualPlan, form: ParticipantForm,
                       own_id: uuid.UUID | None) -> None:
    errors = Errors()
    _check_who(session, errors, form.kind, form.staff_id, form.contact_id, form.name)
    _add(errors, "role", validators.optional(form.role, 150))
    if len(form.contribution.strip()) > TEXT_MAX:
        errors.add("contribution", _("At most {count} characters.").format(count=TEXT_MAX))
    if form.sharing_consent_id is not None and _consent_state(judge, form.sharing_consent_id, date.max) is None:
        errors.add("sharing_consent_id", _("Choose one of the person's consents."))
    if form.kind == ParticipantKind.PERSON:
        others = select(PlanParticipant.id).where(PlanParticipant.plan_id == plan.id,
                                                  PlanParticipant.kind == ParticipantKind.PERSON.value)
        if own_id is not None:
            others = others.where(PlanParticipant.id != own_id)
        if session.scalars(others).first() is not None:
            errors.add("kind", _("The person already takes part in the plan."))
    errors.raise_if_any()


def _fill_participant(participant: PlanParticipant, form: ParticipantForm) -> None:
    kind = ParticipantKind(form.kind)
    participant.kind = kind.value
    participant.staff_id = form.staff_id if kind is ParticipantKind.STAFF else None
    participant.contact_id = form.contact_id if kind is ParticipantKind.PARTNER_CONTACT else None
    participant.name = form.name.strip() if kind in (ParticipantKind.NEXT_OF_KIN, ParticipantKind.OTHER) else ""
    participant.role = form.role.strip()
    participant.contribution = form.contribution.strip()
    participant.sharing_consent_id = form.sharing_consent_id


def _open_group(session: Session, actor: Actor, group_id: uuid.UUID, action: str,
                now: datetime) -> tuple[Ansvarsgruppe, PlanJudge]:
    group = session.get(Ansvarsgruppe, group_id)
    if group is None:
        raise Refused(_("The ansvarsgruppe no longer exists, or you may not see it."))
    ctx = access_context(session, actor, now=now)
    _facts, judge = begin(session, ctx, group.person_id, action=action, what=WHAT_ANSVARSGRUPPE, now=now)
    return group, judge


def _group_for_change(session: Session, actor: Actor, group_id: uuid.UUID,
                      now: datetime) -> tuple[Ansvarsgruppe, PlanJudge, Decision]:
    group, judge = _open_group(session, actor, group_id, audit.LogAction.CHANGE, now)
    decision = require(session, judge, row_item(group), Action.CHANGE, log_action=audit.LogAction.CHANGE,
                       what=WHAT_ANSVARSGRUPPE, now=now)
    if group.ended_on is not None:
        raise ValidationFailed({"ended_on": _("This ansvarsgruppe has ended and can no longer be changed.")})
    return group, judge, decision


def _group_saved(session: Session, judge: PlanJudge, group: Ansvarsgruppe, decision: Decision,
                 now: datetime) -> AnsvarsgruppeView:
    session.flush()
    log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_ANSVARSGRUPPE, reason=decision.reason,
                now=now)
    return group_view(session, judge, group, now.date())


def _check_meeting(session: Session, group: Ansvarsgruppe, form: MeetingForm, today: date) -> None:
    errors = Errors()
    if form.held_on is None:
        errors.add("held_on", _("This field is required."))
    elif form.held_on > today:
        errors.add("held_on", _("Minutes are written for a meeting that has taken place."))
    _add(errors, "place", validators.optional(form.place, 200))
    if not (form.minutes.strip() or form.decisions.strip()):
        errors.add("minutes", _("Write the minutes or the decisions."))
    for name, value in (("minutes", form.minutes), ("decisions", form.decisions)):
        if len(value.strip()) > TEXT_MAX:
            errors.add(name, _("At most {count} characters.").format(count=TEXT_MAX))
    members = set(session.scalars(select(AnsvarsgruppeMember.id).where(AnsvarsgruppeMember.group_id == group.id)))
    if not form.attendee_ids:
        errors.add("attendee_ids", _("Choose who attended."))
    elif not form.attendee_ids <= members:
        errors.add("attendee_ids", _("Attendees must be members of the group."))
    for index, task in enumerate(form.tasks):
        _check_task(session, errors, group, task, f"tasks.{index}.")
    errors.raise_if_any()


def _check_task(session: Session, errors: Errors, group: Ansvarsgruppe, task: TaskForm, prefix: str) -> None:
    _add(errors, prefix + "description", validators.required(task.description, 2000))
    if task.owner_member_id is not None:
        member = session.get(AnsvarsgruppeMember, task.owner_member_id)
        if member is None or member.group_id != group.id:
            errors.add(prefix + "owner_member_id", _("Choose a member of the group."))
    else:
        _add(errors, prefix + "owner", validators.required(task.owner, 150))
    if task.deadline is None:
        errors.add(prefix + "deadline", _("This field is required."))


def _fill_meeting(session: Session, meeting: AnsvarsgruppeMeeting, form: MeetingForm) -> None:
    meeting.place, meeting.minutes, meeting.decisions = form.place.strip(), form.minutes.strip(), form.decisions.strip()
    session.flush()
    if form.attendee_ids:
        session.execute(insert(meeting_attendee), [{"meeting_id": meeting.id, "member_id": member_id}
                                                   for member_id in sorted(form.attendee_ids)])


def _conflict() -> str:
    return _("Someone else changed this after you opened it. Close it and open it again to see their changes.")


def _add(errors: Errors, name: str, problem: str | None) -> None:
    if problem:
        errors.add(name, problem)

