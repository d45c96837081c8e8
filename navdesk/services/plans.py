"""Plans, entered once: the person's goals and the measures, linked into every plan they belong to, and
the plan summary on the person card.

A goal is written once, in the person's own words, in one plan (it takes that plan's side) and can be
linked into the others: the activity plan, an individual plan, a KVP plan. Changing it anywhere changes
it everywhere it is linked. Measures work the same way. Nothing is deleted: a goal or measure that no
longer applies is archived. Each user action reads or writes in one session and is logged.

The activity plan itself is in `navdesk.services.activities`, individual plans and ansvarsgrupper in
`navdesk.services.individual_plans`, KVP in `navdesk.services.kvp`, partners in
`navdesk.services.partners`, printing in `navdesk.services.plan_prints`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from navdesk.domain import validators
from navdesk.domain.access_types import Action, Decision, ItemFacts
from navdesk.domain.errors import Conflict, Errors, ValidationFailed
from navdesk.domain.plans import (
    OPEN_STATUSES,
    STATUS_ORDER,
    ActivityStatus,
    ChangedBy,
    IpStatus,
    PlanKind,
    label,
)
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import access_context
from navdesk.services.actor import Actor
from navdesk.services.person_guard import Refused, action_session
from navdesk.services.plan_access import (
    STATE_PLAN,
    WHAT_GOALS,
    WHAT_PLANS,
    PlanIndex,
    PlanJudge,
    begin,
    link_refs,
    linked_decision,
    log_allowed,
    plan_item,
    require,
    row_item,
)
from navdesk.services.plan_goals import GoalReader, touch
from navdesk.services.plan_types import (
    GoalsAndMeasures,
    GoalView,
    MeasureForm,
    MeasureView,
    PlanOverview,
    PlanRef,
    StatusCount,
)
from navdesk.store.engine import Database
from navdesk.store.models import (
    Activity,
    Goal,
    IndividualPlan,
    KvpProgramme,
    Measure,
    PartnerContact,
    PlanLink,
    Staff,
)

GOAL_MAX = 2000
MEASURE_MAX = 2000


# Goals and measures ---------------------------------------------------------------------------------

def goals_and_measures(db: Database, actor: Actor, person_id: uuid.UUID, *, plan: PlanRef | None = None,
                       now: datetime | None = None) -> GoalsAndMeasures:
    """The person's goals and measures the actor may read: all, or those linked into `plan`."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT_GOALS, now=now)
        reader = GoalReader(session, judge, person_id, now.date())
        result = GoalsAndMeasures(reader.goals(plan), reader.measures(plan), judge.withheld)
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_GOALS, now=now)
        return result


def add_goal(db: Database, actor: Actor, person_id: uuid.UUID, text: str, plan: PlanRef, *,
             by: ChangedBy = ChangedBy.NAV, now: datetime | None = None) -> GoalView:
    """Write a new goal into `plan`; it takes that plan's side."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT_GOALS, now=now)
        errors = Errors()
        _check_text(errors, "text", text, GOAL_MAX)
        target = _target(session, errors, person_id, plan)
        errors.raise_if_any()
        decision = require(session, judge, target, Action.CHANGE, log_action=audit.LogAction.CHANGE,
                           what=WHAT_GOALS, now=now)
        assert target is not None  # require() refuses an unknown plan
        goal = Goal(person_id=person_id, text=text.strip(), side=target.side,
                    responsible_municipality_id=target.responsible_municipality_id, service_code=target.service_code,
                    created_at=now, created_by_id=actor.staff_id, changed_at=now, changed_by_id=actor.staff_id,
                    changed_by=by.value)
        session.add(goal)
        session.flush()
        _link(session, actor, person_id, plan, now, goal_id=goal.id)
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason, now=now)
        return GoalReader(session, judge, person_id, now.date()).goal_view(goal)


def update_goal(db: Database, actor: Actor, goal_id: uuid.UUID, version: int, text: str, *,
                by: ChangedBy = ChangedBy.NAV, now: datetime | None = None) -> GoalView:
    """Change a goal's words; every plan it is linked into shows the new text."""
    now = now or datetime.now()
    with action_session(db) as session:
        goal, judge = _open_goal(session, actor, goal_id, now)
        decision = _require_linked(session, judge, goal, Action.CHANGE, now)
        _check_version(goal.version, version)
        errors = Errors()
        _check_text(errors, "text", text, GOAL_MAX)
        errors.raise_if_any()
        if text.strip() != goal.text:
            goal.text = text.strip()
            goal.changed_by = by.value
            touch(goal, actor.staff_id, now)
            session.flush()
            log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason,
                        now=now)
        return GoalReader(session, judge, goal.person_id, now.date()).goal_view(goal)


def archive_goal(db: Database, actor: Actor, goal_id: uuid.UUID, version: int, *,
                 now: datetime | None = None) -> None:
    """Take a goal out of every plan; it is kept for the archive, never deleted."""
    now = now or datetime.now()
    with action_session(db) as session:
        goal, judge = _open_goal(session, actor, goal_id, now)
        decision = _require_linked(session, judge, goal, Action.CHANGE, now)
        _check_version(goal.version, version)
        goal.archived_at = now
        touch(goal, actor.staff_id, now)
        session.flush()
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason, now=now)


def link_goal(db: Database, actor: Actor, goal_id: uuid.UUID, plan: PlanRef, *,
              now: datetime | None = None) -> GoalView:
    """Show an existing goal in one more plan (enter once): the actor must be able to change that plan."""
    now = now or datetime.now()
    with action_session(db) as session:
        goal, judge = _open_goal(session, actor, goal_id, now)
        _require_linked(session, judge, goal, Action.READ, now)
        decision = _require_target(session, judge, goal.person_id, plan, now)
        if not _is_linked(session, plan, goal_id=goal.id):
            _link(session, actor, goal.person_id, plan, now, goal_id=goal.id)
            log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason,
                        now=now)
        return GoalReader(session, judge, goal.person_id, now.date()).goal_view(goal)


def unlink_goal(db: Database, actor: Actor, goal_id: uuid.UUID, plan: PlanRef, *,
                now: datetime | None = None) -> GoalView:
    """Take a goal out of one plan. Its last plan cannot be taken away: archive the goal instead."""
    now = now or datetime.now()
    with action_session(db) as session:
        goal, judge = _open_goal(session, actor, goal_id, now)
        decision = _require_target(session, judge, goal.person_id, plan, now)
        _unlink(session, plan, goal_id=goal.id)
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason, now=now)
        return GoalReader(session, judge, goal.person_id, now.date()).goal_view(goal)


def add_measure(db: Database, actor: Actor, person_id: uuid.UUID, form: MeasureForm, plan: PlanRef, *,
                now: datetime | None = None) -> MeasureView:
    """Write a new measure into `plan`; it takes that plan's side."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT_GOALS, now=now)
        errors = Errors()
        _check_measure(session, errors, person_id, form)
        target = _target(session, errors, person_id, plan)
        errors.raise_if_any()
        decision = require(session, judge, target, Action.CHANGE, log_action=audit.LogAction.CHANGE,
                           what=WHAT_GOALS, now=now)
        assert target is not None
        measure = Measure(person_id=person_id, side=target.side,
                          responsible_municipality_id=target.responsible_municipality_id,
                          service_code=target.service_code, created_at=now, created_by_id=actor.staff_id,
                          changed_at=now, changed_by_id=actor.staff_id)
        _fill_measure(measure, form)
        session.add(measure)
        session.flush()
        _link(session, actor, person_id, plan, now, measure_id=measure.id)
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason, now=now)
        return _measure_view(session, judge, measure, now)


def update_measure(db: Database, actor: Actor, measure_id: uuid.UUID, version: int, form: MeasureForm, *,
                   now: datetime | None = None) -> MeasureView:
    now = now or datetime.now()
    with action_session(db) as session:
        measure, judge = _open_measure(session, actor, measure_id, now)
        decision = _require_linked(session, judge, measure, Action.CHANGE, now)
        _check_version(measure.version, version)
        errors = Errors()
        _check_measure(session, errors, measure.person_id, form)
        errors.raise_if_any()
        _fill_measure(measure, form)
        touch(measure, actor.staff_id, now)
        session.flush()
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason, now=now)
        return _measure_view(session, judge, measure, now)


def archive_measure(db: Database, actor: Actor, measure_id: uuid.UUID, version: int, *,
                    now: datetime | None = None) -> None:
    now = now or datetime.now()
    with action_session(db) as session:
        measure, judge = _open_measure(session, actor, measure_id, now)
        decision = _require_linked(session, judge, measure, Action.CHANGE, now)
        _check_version(measure.version, version)
        measure.archived_at = now
        touch(measure, actor.staff_id, now)
        session.flush()
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason, now=now)


def link_measure(db: Database, actor: Actor, measure_id: uuid.UUID, plan: PlanRef, *,
                 now: datetime | None = None) -> MeasureView:
    now = now or datetime.now()
    with action_session(db) as session:
        measure, judge = _open_measure(session, actor, measure_id, now)
        _require_linked(session, judge, measure, Action.READ, now)
        decision = _require_target(session, judge, measure.person_id, plan, now)
        if not _is_linked(session, plan, measure_id=measure.id):
            _link(session, actor, measure.person_id, plan, now, measure_id=measure.id)
            log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason,
                        now=now)
        return _measure_view(session, judge, measure, now)


def unlink_measure(db: Database, actor: Actor, measure_id: uuid.UUID, plan: PlanRef, *,
                   now: datetime | None = None) -> MeasureView:
    now = now or datetime.now()
    with action_session(db) as session:
        measure, judge = _open_measure(session, actor, measure_id, now)
        decision = _require_target(session, judge, measure.person_id, plan, now)
        _unlink(session, plan, measure_id=measure.id)
        log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_GOALS, reason=decision.reason, now=now)
        return _measure_view(session, judge, measure, now)


# The card's summary ---------------------------------------------------------------------------------

def plan_overview(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None) -> PlanOverview:
    """Counts and flags for the person card: activities per status, overdue ones, revisions due, KVP."""
    from navdesk.services.individual_plans import group_summaries, plan_summary
    from navdesk.services.kvp import programme_summary

    now = now or datetime.now()
    today = now.date()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT_PLANS, now=now)
        counts, overdue = _activity_counts(session, judge, person_id, today)
        index = PlanIndex.load(session, person_id)
        reader = GoalReader(session, judge, person_id, today, index)
        plans = judge.sort(session.scalars(select(IndividualPlan).where(IndividualPlan.person_id == person_id)
                                           .order_by(IndividualPlan.period_from.desc())), row_item)
        summaries = tuple(plan_summary(session, reader, plan, today) for plan in plans)
        programmes = judge.sort(session.scalars(select(KvpProgramme).where(KvpProgramme.person_id == person_id)
                                                .order_by(KvpProgramme.starts_on.desc())), row_item)
        groups = group_summaries(session, judge, person_id, today)
        overview = PlanOverview(
            person_id=person_id,
            activities=counts,
            overdue_activities=overdue,
            goals=reader.goal_count(),
            individual_plans=summaries,
            revision_overdue=any(summary.revision_overdue for summary in summaries),
            kvp=tuple(programme_summary(session, programme, today) for programme in programmes),
            ansvarsgrupper=groups,
            withheld=judge.withheld,
        )
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_PLANS, now=now)
        return overview


def _activity_counts(session: Session, judge: PlanJudge, person_id: uuid.UUID,
                     today: date) -> tuple[tuple[StatusCount, ...], int]:
    overdue_expr = case((and_(Activity.status.in_([s.value for s in OPEN_STATUSES]), Activity.to_date < today), 1),
                        else_=0)
    rows = session.execute(
        select(Activity.status, Activity.side, Activity.responsible_municipality_id, Activity.service_code,
               func.count(), func.sum(overdue_expr))
        .where(Activity.person_id == person_id)
        .group_by(Activity.status, Activity.side, Activity.responsible_municipality_id, Activity.service_code)
    ).all()
    counts = dict.fromkeys(STATUS_ORDER, 0)
    overdue = 0
    for status, side, municipality_id, code, count, late in rows:
        item = plan_item(side, municipality_id, code)
        if item is None:
            continue
        decision = judge.decide(item)
        if not decision.allowed:
            judge.note_refusal(decision)
            continue
        counts[ActivityStatus(status)] += count
        overdue += int(late or 0)
    return tuple(StatusCount(status.value, label(status), counts[status]) for status in STATUS_ORDER), overdue


# Helpers ------------------------------------------------------------------------------------------

def _open_goal(session: Session, actor: Actor, goal_id: uuid.UUID, now: datetime) -> tuple[Goal, PlanJudge]:
    goal = session.get(Goal, goal_id)
    if goal is None or goal.archived_at is not None:
        raise Refused(_("The goal no longer exists, or you may not see it."))
    ctx = access_context(session, actor, now=now)
    _facts, judge = begin(session, ctx, goal.person_id, action=audit.LogAction.CHANGE, what=WHAT_GOALS, now=now)
    return goal, judge


def _open_measure(session: Session, actor: Actor, measure_id: uuid.UUID,
                  now: datetime) -> tuple[Measure, PlanJudge]:
    measure = session.get(Measure, measure_id)
    if measure is None or measure.archived_at is not None:
        raise Refused(_("The measure no longer exists, or you may not see it."))
    ctx = access_context(session, actor, now=now)
    _facts, judge = begin(session, ctx, measure.person_id, action=audit.LogAction.CHANGE, what=WHAT_GOALS,
                          now=now)
    return measure, judge


def _require_linked(session: Session, judge: PlanJudge, row: Goal | Measure, action: Action,
                    now: datetime) -> Decision:
    """A goal or measure may be read or changed through its own side or any plan it is linked into."""
    goals, measures = link_refs(session, row.person_id)
    refs = goals.get(row.id, []) if isinstance(row, Goal) else measures.get(row.id, [])
    index = PlanIndex.load(session, row.person_id)
    decision = linked_decision(judge, row_item(row), refs, index, action)
    if decision is None:
        log_action = audit.LogAction.READ if action is Action.READ else audit.LogAction.CHANGE
        return require(session, judge, row_item(row), action, log_action=log_action, what=WHAT_GOALS, now=now)
    return decision


def _require_target(session: Session, judge: PlanJudge, person_id: uuid.UUID, plan: PlanRef,
                    now: datetime) -> Decision:
    errors = Errors()
    target = _target(session, errors, person_id, plan)
    errors.raise_if_any()
    return require(session, judge, target, Action.CHANGE, log_action=audit.LogAction.CHANGE, what=WHAT_GOALS,
                   now=now)


def _target(session: Session, errors: Errors, person_id: uuid.UUID, plan: PlanRef) -> ItemFacts | None:
    """The policy's facts of the plan to write into; a field error when it is not the person's open plan."""
    if plan.kind is PlanKind.ACTIVITY_PLAN:
        return STATE_PLAN
    row: IndividualPlan | KvpProgramme | None
    if plan.kind is PlanKind.INDIVIDUAL_PLAN:
        row = session.get(IndividualPlan, plan.plan_id) if plan.plan_id else None
        ended = row is not None and row.status == IpStatus.ENDED
    else:
        row = session.get(KvpProgramme, plan.plan_id) if plan.plan_id else None
        ended = row is not None and row.ended_on is not None
    if row is None or row.person_id != person_id:
        errors.add("plan", _("Choose one of the person's plans."))
        return None
    if ended:
        errors.add("plan", _("This plan has ended and can no longer be changed."))
        return None
    return row_item(row)


def _link(session: Session, actor: Actor, person_id: uuid.UUID, plan: PlanRef, now: datetime, *,
          goal_id: uuid.UUID | None = None, measure_id: uuid.UUID | None = None) -> None:
    session.add(PlanLink(person_id=person_id, goal_id=goal_id, measure_id=measure_id, plan_kind=plan.kind.value,
                         plan_id=plan.plan_id, linked_at=now, linked_by_id=actor.staff_id))
    session.flush()


def _link_query(plan: PlanRef, *, goal_id: uuid.UUID | None = None,
                measure_id: uuid.UUID | None = None) -> Select[Any]:
    query = select(PlanLink).where(PlanLink.plan_kind == plan.kind.value)
    query = query.where(PlanLink.plan_id.is_(None) if plan.plan_id is None else PlanLink.plan_id == plan.plan_id)
    if goal_id is not None:
        return query.where(PlanLink.goal_id == goal_id)
    return query.where(PlanLink.measure_id == measure_id)


def _is_linked(session: Session, plan: PlanRef, **ids: uuid.UUID) -> bool:
    return session.scalars(_link_query(plan, **ids)).first() is not None


def _unlink(session: Session, plan: PlanRef, **ids: uuid.UUID) -> None:
    link = session.scalars(_link_query(plan, **ids)).first()
    if link is None:
        raise ValidationFailed({"plan": _("It is not in this plan.")})
    others = select(func.count()).select_from(PlanLink).where(PlanLink.id != link.id)
    others = others.where(PlanLink.goal_id == link.goal_id if link.goal_id else PlanLink.measure_id == link.measure_id)
    if not session.scalar(others):
        raise ValidationFailed({"plan": _("This is the only plan it is in. Archive it instead.")})
    session.delete(link)
    session.flush()


def _check_version(current: int, loaded: int) -> None:
    if current != loaded:
        raise Conflict(_("Someone else changed this after you opened it. Close it and open it again to see "
                         "their changes."))


def _check_text(errors: Errors, name: str, text: str, longest: int) -> None:
    body = text.strip()
    if not body:
        errors.add(name, _("This field is required."))
    elif len(body) > longest:
        errors.add(name, _("At most {count} characters.").format(count=longest))


def _check_measure(session: Session, errors: Errors, person_id: uuid.UUID, form: MeasureForm) -> None:
    _check_text(errors, "description", form.description, MEASURE_MAX)
    for name, value in (("scope", form.scope), ("owner", form.owner)):
        problem = validators.optional(value, 200)
        if problem:
            errors.add(name, problem)
    if len(form.carried_out.strip()) > MEASURE_MAX:
        errors.add("carried_out", _("At most {count} characters.").format(count=MEASURE_MAX))
    if form.goal_id is not None:
        goal = session.get(Goal, form.goal_id)
        if goal is None or goal.person_id != person_id or goal.archived_at is not None:
            errors.add("goal_id", _("Choose one of the person's goals."))
    if form.owner_staff_id is not None and session.get(Staff, form.owner_staff_id) is None:
        errors.add("owner_staff_id", _("Choose a staff member."))
    if form.owner_contact_id is not None and session.get(PartnerContact, form.owner_contact_id) is None:
        errors.add("owner_contact_id", _("Choose a partner contact."))


def _fill_measure(measure: Measure, form: MeasureForm) -> None:
    measure.description = form.description.strip()
    measure.scope = form.scope.strip()
    measure.owner = form.owner.strip()
    measure.owner_staff_id = form.owner_staff_id
    measure.owner_contact_id = form.owner_contact_id
    measure.deadline = form.deadline
    measure.carried_out = form.carried_out.strip()
    measure.goal_id = form.goal_id
    measure.done_on = form.done_on


def _measure_view(session: Session, judge: PlanJudge, measure: Measure, now: datetime) -> MeasureView:
    reader = GoalReader(session, judge, measure.person_id, now.date())
    return next(view for view in reader.measures() if view.measure_id == measure.id)
