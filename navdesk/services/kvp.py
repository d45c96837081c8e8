"""The KVP plan (kvalifiseringsprogrammet): programme period, interruptions and re-entry, the weekly plan,
and the end of the programme.

A programme lasts up to two years; a third year needs a recorded special reason, and time spent
interrupted is not counted (`navdesk.domain.plans`). When the programme ends, every open KVP activity is
cancelled with the end reason. KVP is municipal (service `kvp`) for the programme's responsible
municipality. Goals and measures are linked in through `navdesk.services.plans` with
`PlanRef.kvp(programme_id)`; KVP activities are made with `navdesk.services.activities.create_activity`
and `ActivityForm.kvp_programme_id`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from navdesk.domain import validators
from navdesk.domain.access_types import Action, Decision
from navdesk.domain.codes import weekday_label
from navdesk.domain.errors import Conflict, Errors, ValidationFailed
from navdesk.domain.plans import (
    FULL_TIME_HOURS,
    Interruption,
    KvpEndReason,
    WeekRow,
    days_in_programme,
    interruption_errors,
    kvp_end_errors,
    kvp_end_text,
    kvp_period_errors,
    kvp_status,
    label,
    label_of,
    longest_end,
    ordinary_end,
    re_entry_errors,
    week_hours,
    week_row_errors,
)
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import access_context
from navdesk.services.activities import activity_cards, close_programme_activities
from navdesk.services.actor import Actor
from navdesk.services.person_guard import Refused, action_session
from navdesk.services.plan_access import (
    KVP_SERVICE,
    WHAT_KVP,
    PlanJudge,
    begin,
    log_allowed,
    municipality_names,
    plan_item,
    require,
    row_item,
)
from navdesk.services.plan_goals import GoalReader
from navdesk.services.plan_types import (
    InterruptionView,
    KvpForm,
    KvpSummary,
    KvpView,
    PlanRef,
    WeekRowForm,
    WeekRowView,
)
from navdesk.store.engine import Database
from navdesk.store.models import Activity, KvpInterruption, KvpProgramme, KvpWeekRow, Municipality, ServiceCase


def kvp_programmes(db: Database, actor: Actor, person_id: uuid.UUID, *,
                   now: datetime | None = None) -> tuple[KvpSummary, ...]:
    """The person's KVP programmes the actor may read, newest first."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT_KVP, now=now)
        rows = judge.sort(session.scalars(select(KvpProgramme).where(KvpProgramme.person_id == person_id)
                                          .order_by(KvpProgramme.starts_on.desc())), row_item)
        result = tuple(programme_summary(session, row, now.date()) for row in rows)
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_KVP, now=now)
        return result


def get_kvp(db: Database, actor: Actor, programme_id: uuid.UUID, *, now: datetime | None = None) -> KvpView:
    now = now or datetime.now()
    with action_session(db) as session:
        programme, judge = _open(session, actor, programme_id, audit.LogAction.READ, now)
        require(session, judge, row_item(programme), Action.READ, log_action=audit.LogAction.READ, what=WHAT_KVP,
                now=now)
        view = kvp_view(session, judge, programme, now.date())
        log_allowed(session, judge, action=audit.LogAction.READ, what=WHAT_KVP, now=now)
        return view


def start_kvp(db: Database, actor: Actor, person_id: uuid.UUID, form: KvpForm, *,
              now: datetime | None = None) -> KvpView:
    """Start a programme; the person can be in one programme at a time."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT_KVP, now=now)
        municipality_id = form.responsible_municipality_id or judge.person.residence_municipality_id
        errors = Errors()
        for name, message in kvp_period_errors(form.starts_on, form.planned_end_on, form.special_reason).items():
            errors.add(name, message)
        if session.get(Municipality, municipality_id) is None:
            errors.add("responsible_municipality_id", _("Choose the responsible municipality."))
        _check_case(session, errors, person_id, form.case_id)
        running = session.scalars(select(KvpProgramme.id).where(KvpProgramme.person_id == person_id,
                                                                KvpProgramme.ended_on.is_(None))).first()
        if running is not None:
            errors.add("starts_on", _("The person is already in a KVP programme. End it before starting another."))
        errors.raise_if_any()
        assert form.starts_on is not None and form.planned_end_on is not None
        decision = require(session, judge, plan_item("municipal", municipality_id, KVP_SERVICE), Action.CHANGE,
                           log_action=audit.LogAction.CHANGE, what=WHAT_KVP, now=now)
        programme = KvpProgramme(
            person_id=person_id, side="municipal", responsible_municipality_id=municipality_id,
            service_code=KVP_SERVICE, case_id=form.case_id, starts_on=form.starts_on,
            planned_end_on=form.planned_end_on, special_reason=form.special_reason.strip(), created_at=now,
            created_by_id=actor.staff_id, changed_at=now, changed_by_id=actor.staff_id,
        )
        session.add(programme)
        return _saved(session, judge, programme, decision, now)


def update_kvp(db: Database, actor: Actor, programme_id: uuid.UUID, version: int, form: KvpForm, *,
               now: datetime | None = None) -> KvpView:
    """Change the period or the special reason (the responsible municipality stays)."""
    now = now or datetime.now()
    with action_session(db) as session:
        programme, judge, decision = _for_change(session, actor, programme_id, version, now)
        errors = Errors()
        breaks = _interruptions(session, programme.id)
        for name, message in kvp_period_errors(form.starts_on, form.planned_end_on, form.special_reason,
                                               breaks).items():
            errors.add(name, message)
        if breaks and form.starts_on is not None and form.starts_on > breaks[0].starts_on:
            errors.add("starts_on", _("The programme cannot start after its first interruption."))
        _check_case(session, errors, programme.person_id, form.case_id)
        errors.raise_if_any()
        assert form.starts_on is not None and form.planned_end_on is not None
        programme.starts_on, programme.planned_end_on = form.starts_on, form.planned_end_on
        programme.special_reason, programme.case_id = form.special_reason.strip(), form.case_id
        return _saved(session, judge, programme, decision, now)


def interrupt_kvp(db: Database, actor: Actor, programme_id: uuid.UUID, version: int, starts_on: date | None,
                  reason: str, *, now: datetime | None = None) -> KvpView:
    """Record a break in the programme (illness, care ...); `resume_kvp` records the re-entry."""
    now = now or datetime.now()
    with action_session(db) as session:
        programme, judge, decision = _for_change(session, actor, programme_id, version, now)
        errors = interruption_errors(starts_on, reason, programme.starts_on, programme.planned_end_on,
                                     _interruptions(session, programme.id))
        if errors:
            raise ValidationFailed(errors)
        assert starts_on is not None
        session.add(KvpInterruption(programme_id=programme.id, starts_on=starts_on, reason=reason.strip(),
                                    by_id=actor.staff_id))
        return _saved(session, judge, programme, decision, now)


def resume_kvp(db: Database, actor: Actor, programme_id: uuid.UUID, version: int, on: date | None, *,
               now: datetime | None = None) -> KvpView:
    """Re-entry after an interruption: the break ends the day before `on`."""
    now = now or datetime.now()
    with action_session(db) as session:
        programme, judge, decision = _for_change(session, actor, programme_id, version, now)
        open_row = session.scalars(select(KvpInterruption).where(KvpInterruption.programme_id == programme.id,
                                                                 KvpInterruption.ends_on.is_(None))).first()
        open_break = Interruption(open_row.starts_on, None) if open_row is not None else None
        errors = re_entry_errors(on, open_break)
        if errors:
            raise ValidationFailed(errors)
        assert on is not None and open_row is not None
        open_row.ends_on = on - timedelta(days=1)
        return _saved(session, judge, programme, decision, now)


def set_week_plan(db: Database, actor: Actor, programme_id: uuid.UUID, version: int, rows: Sequence[WeekRowForm],
                  *, now: datetime | None = None) -> KvpView:
    """Replace the weekly plan. Errors are keyed "rows.<index>.<field>"."""
    now = now or datetime.now()
    with action_session(db) as session:
        programme, judge, decision = _for_change(session, actor, programme_id, version, now)
        errors = week_row_errors(WeekRow(row.weekday, row.activity, row.hours) for row in rows)
        reader = GoalReader(session, judge, programme.person_id, now.date())
        for index, row in enumerate(rows):
            if row.goal_id is not None and not reader.may_read_goal(row.goal_id):
                errors[f"rows.{index}.goal_id"] = _("Choose one of the person's goals.")
            if row.activity_id is not None:
                activity = session.get(Activity, row.activity_id)
                if activity is None or activity.kvp_programme_id != programme.id:
                    errors[f"rows.{index}.activity_id"] = _("Choose one of the programme's activities.")
        if errors:
            raise ValidationFailed(errors)
        session.execute(delete(KvpWeekRow).where(KvpWeekRow.programme_id == programme.id))
        for position, row in enumerate(rows):
            session.add(KvpWeekRow(programme_id=programme.id, weekday=row.weekday, position=position,
                                   activity=row.activity.strip(), hours=float(row.hours), goal_id=row.goal_id,
                                   activity_id=row.activity_id))
        return _saved(session, judge, programme, decision, now)


def end_kvp(db: Database, actor: Actor, programme_id: uuid.UUID, version: int, ended_on: date | None, reason: str,
            note: str = "", *, now: datetime | None = None) -> KvpView:
    """End the programme: its open activities are cancelled with the end reason; an open break is closed."""
    now = now or datetime.now()
    with action_session(db) as session:
        programme, judge, decision = _for_change(session, actor, programme_id, version, now)
        errors = kvp_end_errors(ended_on, reason, note, programme.starts_on)
        _add(errors, "note", validators.optional(note, 500))
        if errors:
            raise ValidationFailed(errors)
        assert ended_on is not None
        end_reason = KvpEndReason(reason)
        programme.ended_on, programme.end_reason, programme.end_note = ended_on, end_reason.value, note.strip()
        for row in session.scalars(select(KvpInterruption).where(KvpInterruption.programme_id == programme.id,
                                                                 KvpInterruption.ends_on.is_(None))):
            row.ends_on = max(row.starts_on, ended_on)
        close_programme_activities(session, actor, programme.id, kvp_end_text(end_reason, note), now)
        return _saved(session, judge, programme, decision, now)


# Views ----------------------------------------------------------------------------------------------

def programme_summary(session: Session, programme: KvpProgramme, today: date) -> KvpSummary:
    status = kvp_status(programme.starts_on, programme.ended_on, _interruptions(session, programme.id), today)
    names = municipality_names(session)
    return KvpSummary(
        programme_id=programme.id,
        status=status.value,
        status_label=label(status),
        municipality=names.get(programme.responsible_municipality_id, "") if programme.responsible_municipality_id
        else "",
        starts_on=programme.starts_on,
        planned_end_on=programme.planned_end_on,
        ended_on=programme.ended_on,
    )


def kvp_view(session: Session, judge: PlanJudge, programme: KvpProgramme, today: date) -> KvpView:
    breaks = _interruptions(session, programme.id)
    status = kvp_status(programme.starts_on, programme.ended_on, breaks, today)
    reader = GoalReader(session, judge, programme.person_id, today)
    ref = PlanRef.kvp(programme.id)
    rows = session.scalars(select(KvpWeekRow).where(KvpWeekRow.programme_id == programme.id)
                           .order_by(KvpWeekRow.weekday, KvpWeekRow.position)).all()
    week = tuple(WeekRowView(row.weekday, weekday_label(row.weekday), row.activity, row.hours, row.goal_id,
                             reader.goal_text(row.goal_id), row.activity_id) for row in rows)
    hours = week_hours(WeekRow(row.weekday, row.activity, row.hours) for row in rows)
    activities = session.scalars(select(Activity).where(Activity.kvp_programme_id == programme.id)
                                 .order_by(Activity.from_date)).all()
    until = min(today, programme.ended_on) if programme.ended_on else today
    assert programme.responsible_municipality_id is not None
    return KvpView(
        programme_id=programme.id,
        version=programme.version,
        person_id=programme.person_id,
        municipality_id=programme.responsible_municipality_id,
        municipality=session.get_one(Municipality, programme.responsible_municipality_id).name,
        status=status.value,
        status_label=label(status),
        starts_on=programme.starts_on,
        planned_end_on=programme.planned_end_on,
        ordinary_end=ordinary_end(programme.starts_on, breaks),
        longest_end=longest_end(programme.starts_on, breaks),
        special_reason=programme.special_reason,
        days_in_programme=days_in_programme(programme.starts_on, breaks, until),
        interruptions=tuple(InterruptionView(b.starts_on, b.ends_on, b.reason, b.days(until)) for b in breaks),
        week=week,
        week_hours=hours,
        full_time=hours >= FULL_TIME_HOURS,
        goals=reader.goals(ref),
        measures=reader.measures(ref),
        activities=activity_cards(judge, judge.sort(activities, row_item), today),
        ended_on=programme.ended_on,
        end_reason=programme.end_reason,
        end_reason_label=label_of(KvpEndReason, programme.end_reason) if programme.end_reason else "",
        end_note=programme.end_note,
        case_id=programme.case_id,
        can_change=programme.ended_on is None and judge.may(row_item(programme), Action.CHANGE),
        withheld=judge.withheld,
    )


# Internals ----------------------------------------------------------------------------------------

def _interruptions(session: Session, programme_id: uuid.UUID) -> list[Interruption]:
    return [Interruption(row.starts_on, row.ends_on, row.reason) for row in session.scalars(
        select(KvpInterruption).where(KvpInterruption.programme_id == programme_id)
        .order_by(KvpInterruption.starts_on))]


def _open(session: Session, actor: Actor, programme_id: uuid.UUID, action: str,
          now: datetime) -> tuple[KvpProgramme, PlanJudge]:
    programme = session.get(KvpProgramme, programme_id)
    if programme is None:
        raise Refused(_("The KVP programme no longer exists, or you may not see it."))
    ctx = access_context(session, actor, now=now)
    _facts, judge = begin(session, ctx, programme.person_id, action=action, what=WHAT_KVP, now=now)
    return programme, judge


def _for_change(session: Session, actor: Actor, programme_id: uuid.UUID, version: int,
                now: datetime) -> tuple[KvpProgramme, PlanJudge, Decision]:
    programme, judge = _open(session, actor, programme_id, audit.LogAction.CHANGE, now)
    decision = require(session, judge, row_item(programme), Action.CHANGE, log_action=audit.LogAction.CHANGE,
                       what=WHAT_KVP, now=now)
    if programme.ended_on is not None:
        raise ValidationFailed({"ended_on": _("The programme has ended and can no longer be changed.")})
    if programme.version != version:
        raise Conflict(_("Someone else changed this programme after you opened it. Close it and open it again "
                         "to see their changes."))
    return programme, judge, decision


def _saved(session: Session, judge: PlanJudge, programme: KvpProgramme, decision: Decision,
           now: datetime) -> KvpView:
    programme.changed_at, programme.changed_by_id = now, judge.ctx.actor.staff_id
    session.flush()
    log_allowed(session, judge, action=audit.LogAction.CHANGE, what=WHAT_KVP, reason=decision.reason, now=now)
    return kvp_view(session, judge, programme, now.date())


def _check_case(session: Session, errors: Errors, person_id: uuid.UUID, case_id: uuid.UUID | None) -> None:
    if case_id is None:
        return
    case = session.get(ServiceCase, case_id)
    if case is None or case.person_id != person_id or case.service_code != KVP_SERVICE:
        errors.add("case_id", _("Choose the person's KVP decision."))


def _add(errors: dict[str, str], name: str, problem: str | None) -> None:
    if problem and name not in errors:
        errors[name] = problem

