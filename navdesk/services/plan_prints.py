"""Printing plans: gather what the staff member may print, then lay it out in `navdesk.reports.plan_reports`.

Every item is judged for printing (consent allows it, emergency access does not). Content the staff
member may not print is left out — with a marker saying what kind of information is missing, except for
closed areas, which leave no trace — and a protected address is never printed. Printing an activity plan
takes a KVP option, as NAV's own print does: leave KVP activities out, include them, or print only them.
Every print is logged in the access log.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk import i18n
from navdesk.domain.access_types import Action, DataKind, ItemFacts
from navdesk.domain.errors import NotAllowed
from navdesk.domain.plans import (
    ACTIVITY_FIELDS,
    STATUS_ORDER,
    ActivityStatus,
    ActivityType,
    FieldKind,
    IpStatus,
    KvpEndReason,
    PlanKind,
    is_overdue,
    label,
    label_of,
)
from navdesk.i18n import N_, _
from navdesk.reports import plan_reports as pdf
from navdesk.services import audit
from navdesk.services.access_facts import access_context
from navdesk.services.actor import Actor
from navdesk.services.individual_plans import group_view, plan_view
from navdesk.services.kvp import kvp_view
from navdesk.services.person_guard import Refused, action_session
from navdesk.services.plan_access import (
    STATE_PLAN,
    WHAT_ACTIVITY_PLAN,
    WHAT_ANSVARSGRUPPE,
    WHAT_INDIVIDUAL_PLAN,
    WHAT_KVP,
    PlanJudge,
    begin,
    log_allowed,
    require,
    row_item,
    staff_names,
)
from navdesk.services.plan_goals import GoalReader
from navdesk.services.plan_types import MeasureView, PlanRef, PrintedPlan
from navdesk.store.engine import Database
from navdesk.store.models import (
    Activity,
    Ansvarsgruppe,
    AnsvarsgruppeMeeting,
    IndividualPlan,
    KvpProgramme,
    Office,
    Person,
)
from navdesk.store.models.org import office_municipality
from navdesk.store.models.staff import staff_office


class KvpPrint(StrEnum):
    """What an activity-plan print holds of KVP activities."""

    EXCLUDE = "exclude"
    INCLUDE = "include"
    ONLY = "only"


KVP_PRINT_LABELS: dict[KvpPrint, str] = {
    KvpPrint.EXCLUDE: N_("Leave KVP activities out"),
    KvpPrint.INCLUDE: N_("Include KVP activities"),
    KvpPrint.ONLY: N_("Only KVP activities"),
}


def kvp_print_choices() -> tuple[tuple[str, str], ...]:
    return tuple((option.value, _(text)) for option, text in KVP_PRINT_LABELS.items())


def has_kvp_activities(db: Database, actor: Actor, person_id: uuid.UUID) -> bool:
    """Whether printing the person's activity plan should ask the KVP question (KVP activities exist that
    the actor may print). Not logged: it reads no content."""
    with action_session(db) as session:
        ctx = access_context(session, actor)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT_ACTIVITY_PLAN,
                              now=datetime.now())
        rows = session.scalars(select(Activity).where(Activity.person_id == person_id,
                                                      Activity.kvp_programme_id.is_not(None)))
        return any(judge.may(row_item(row), Action.PRINT) for row in rows)


# The prints -----------------------------------------------------------------------------------------

def print_activity_plan(db: Database, actor: Actor, person_id: uuid.UUID, *, kvp: KvpPrint = KvpPrint.EXCLUDE,
                        language: str | None = None, now: datetime | None = None) -> PrintedPlan:
    """The activity plan for the person to read and sign: goals and activities by status."""
    now = now or datetime.now()
    with i18n.in_language(language), action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.PRINT, what=WHAT_ACTIVITY_PLAN,
                              now=now)
        programmes = session.scalars(select(KvpProgramme).where(KvpProgramme.person_id == person_id)).all()
        plan_refs = _printed_plans(session, judge, kvp, programmes, now)
        rows = session.scalars(select(Activity).where(Activity.person_id == person_id)
                               .order_by(Activity.from_date, Activity.created_at)).all()
        wanted = [row for row in rows if _kvp_wanted(kvp, row.kvp_programme_id is not None)]
        printable = judge.sort(wanted, row_item, Action.PRINT)
        reader = GoalReader(session, judge, person_id, now.date(), action=Action.PRINT)
        goals = _unique(goal.text for ref in plan_refs for goal in reader.goals(ref))
        data = pdf.ActivityPlanPrint(
            header=_header(session, judge, person_id, now, with_address=True),
            goals=goals,
            activities=tuple(_print_activity(row, now) for row in _status_order(printable)),
            kvp_note=_("This print holds the KVP activities only.") if kvp is KvpPrint.ONLY else "",
            withheld=_markers(judge),
        )
        log_allowed(session, judge, action=audit.LogAction.PRINT, what=WHAT_ACTIVITY_PLAN, now=now)
        return PrintedPlan(pdf.render_activity_plan(data), _file_name("aktivitetsplan", now))


def print_individual_plan(db: Database, actor: Actor, plan_id: uuid.UUID, *, language: str | None = None,
                          now: datetime | None = None) -> PrintedPlan:
    now = now or datetime.now()
    with i18n.in_language(language), action_session(db) as session:
        plan = session.get(IndividualPlan, plan_id)
        if plan is None:
            raise Refused(_("The plan no longer exists, or you may not see it."))
        judge = _judge(session, actor, plan.person_id, WHAT_INDIVIDUAL_PLAN, now)
        require(session, judge, row_item(plan), Action.PRINT, log_action=audit.LogAction.PRINT,
                what=WHAT_INDIVIDUAL_PLAN, now=now)
        view = plan_view(session, judge, plan, now.date())
        reader = GoalReader(session, judge, plan.person_id, now.date(), action=Action.PRINT)
        ref = PlanRef.individual_plan(plan.id)
        data = pdf.IndividualPlanPrint(
            header=_header(session, judge, plan.person_id, now, with_address=True),
            municipality=view.municipality,
            status_label=view.status_label,
            period_from=view.period_from,
            period_to=view.period_to,
            next_revision_on=view.next_revision_on,
            coordinator=view.coordinator,
            goals=tuple(goal.text for goal in reader.goals(ref)),
            resources=view.resources,
            needs=view.needs,
            participants=tuple(pdf.PrintParticipant(
                p.name, p.role, p.organisation, p.contribution,
                (p.sharing_consent or _("Not recorded")) if p.needs_sharing_consent else "")
                for p in view.participants),
            measures=_print_measures(reader.measures(ref)),
            carried_out=view.carried_out,
            other_services=view.other_services,
            plan_consent=view.plan_consent,
            revisions=tuple(pdf.PrintRevision(r.revised_on, r.summary, r.next_revision_on, r.by)
                            for r in view.revisions),
            missing=tuple(text for _code, text in view.missing) if IpStatus(plan.status) is not IpStatus.ENDED
            else (),
            withheld=_markers(judge),
        )
        log_allowed(session, judge, action=audit.LogAction.PRINT, what=WHAT_INDIVIDUAL_PLAN, now=now)
        return PrintedPlan(pdf.render_individual_plan(data), _file_name("individuell-plan", now))


def print_kvp_plan(db: Database, actor: Actor, programme_id: uuid.UUID, *, language: str | None = None,
                   now: datetime | None = None) -> PrintedPlan:
    now = now or datetime.now()
    with i18n.in_language(language), action_session(db) as session:
        programme = session.get(KvpProgramme, programme_id)
        if programme is None:
            raise Refused(_("The KVP programme no longer exists, or you may not see it."))
        judge = _judge(session, actor, programme.person_id, WHAT_KVP, now)
        require(session, judge, row_item(programme), Action.PRINT, log_action=audit.LogAction.PRINT, what=WHAT_KVP,
                now=now)
        view = kvp_view(session, judge, programme, now.date())
        reader = GoalReader(session, judge, programme.person_id, now.date(), action=Action.PRINT)
        ref = PlanRef.kvp(programme.id)
        activities = session.scalars(select(Activity).where(Activity.kvp_programme_id == programme.id)
                                     .order_by(Activity.from_date)).all()
        data = pdf.KvpPlanPrint(
            header=_header(session, judge, programme.person_id, now, with_address=True),
            municipality=view.municipality,
            status_label=view.status_label,
            starts_on=view.starts_on,
            planned_end_on=view.planned_end_on,
            special_reason=view.special_reason,
            interruptions=tuple((i.starts_on, i.ends_on, i.reason) for i in view.interruptions),
            week=tuple(pdf.PrintWeekRow(row.weekday_label, row.activity, row.hours, row.goal_text)
                       for row in view.week),
            week_hours=view.week_hours,
            goals=tuple(goal.text for goal in reader.goals(ref)),
            measures=_print_measures(reader.measures(ref)),
            activities=tuple(_print_activity(row, now) for row in
                             _status_order(judge.sort(activities, row_item, Action.PRINT))),
            ended_on=view.ended_on,
            end_reason=label_of(KvpEndReason, view.end_reason) if view.end_reason else "",
            withheld=_markers(judge),
        )
        log_allowed(session, judge, action=audit.LogAction.PRINT, what=WHAT_KVP, now=now)
        return PrintedPlan(pdf.render_kvp_plan(data), _file_name("kvp-plan", now))


def print_minutes(db: Database, actor: Actor, meeting_id: uuid.UUID, *, language: str | None = None,
                  now: datetime | None = None) -> PrintedPlan:
    """The minutes of one ansvarsgruppe meeting, for the members. The person's address is not on them."""
    now = now or datetime.now()
    with i18n.in_language(language), action_session(db) as session:
        meeting = session.get(AnsvarsgruppeMeeting, meeting_id)
        if meeting is None:
            raise Refused(_("The meeting no longer exists, or you may not see it."))
        group = session.get_one(Ansvarsgruppe, meeting.group_id)
        judge = _judge(session, actor, group.person_id, WHAT_ANSVARSGRUPPE, now)
        require(session, judge, row_item(group), Action.PRINT, log_action=audit.LogAction.PRINT,
                what=WHAT_ANSVARSGRUPPE, now=now)
        view = group_view(session, judge, group, now.date())
        shown = next(m for m in view.meetings if m.meeting_id == meeting.id)
        data = pdf.MinutesPrint(
            header=_header(session, judge, group.person_id, now, with_address=False),
            group_name=view.name,
            held_on=shown.held_on,
            place=shown.place,
            attendees=shown.attendees,
            minutes=shown.minutes,
            decisions=shown.decisions,
            tasks=tuple(pdf.PrintTask(t.description, t.owner, t.deadline, t.done_on) for t in shown.tasks),
            written_by=shown.written_by,
            written_at=shown.written_at,
        )
        log_allowed(session, judge, action=audit.LogAction.PRINT, what=WHAT_ANSVARSGRUPPE, now=now)
        return PrintedPlan(pdf.render_minutes(data), _file_name("referat-ansvarsgruppe", now))


# What to print for a person (the command line's way in) ------------------------------------------

def current_individual_plan(db: Database, actor: Actor, person_id: uuid.UUID) -> uuid.UUID:
    """The plan a print of "the person's individual plan" means: the newest one the actor may print."""
    statement = (select(IndividualPlan).where(IndividualPlan.person_id == person_id)
                 .order_by(IndividualPlan.period_from.desc()))
    return _newest_printable(db, actor, person_id, WHAT_INDIVIDUAL_PLAN, statement,
                             _("The person has no individual plan that you may print."))


def current_kvp_programme(db: Database, actor: Actor, person_id: uuid.UUID) -> uuid.UUID:
    """The newest KVP programme of the person that the actor may print."""
    statement = select(KvpProgramme).where(KvpProgramme.person_id == person_id).order_by(KvpProgramme.starts_on.desc())
    return _newest_printable(db, actor, person_id, WHAT_KVP, statement,
                             _("The person has no KVP plan that you may print."))


def latest_meeting(db: Database, actor: Actor, person_id: uuid.UUID) -> uuid.UUID:
    """The newest ansvarsgruppe meeting of the person that the actor may print."""
    with action_session(db) as session:
        judge = _judge(session, actor, person_id, WHAT_ANSVARSGRUPPE, datetime.now())
        rows = session.execute(
            select(AnsvarsgruppeMeeting.id, Ansvarsgruppe)
            .join(Ansvarsgruppe, Ansvarsgruppe.id == AnsvarsgruppeMeeting.group_id)
            .where(Ansvarsgruppe.person_id == person_id)
            .order_by(AnsvarsgruppeMeeting.held_on.desc())
        ).all()
        for meeting_id, group in rows:
            if judge.may(row_item(group), Action.PRINT):
                return meeting_id
    raise NotAllowed(_("The person has no ansvarsgruppe minutes that you may print."))


# Internals ----------------------------------------------------------------------------------------

def _newest_printable(db: Database, actor: Actor, person_id: uuid.UUID, what: str, statement: Any,
                      none_message: str) -> uuid.UUID:
    """The id of the first row of `statement` (newest first) that the actor may print."""
    with action_session(db) as session:
        judge = _judge(session, actor, person_id, what, datetime.now())
        for row in session.scalars(statement):
            if judge.may(row_item(row), Action.PRINT):
                return row.id  # type: ignore[no-any-return]
    raise NotAllowed(none_message)


def _judge(session: Session, actor: Actor, person_id: uuid.UUID, what: str, now: datetime) -> PlanJudge:
    ctx = access_context(session, actor, now=now)
    _facts, judge = begin(session, ctx, person_id, action=audit.LogAction.PRINT, what=what, now=now)
    return judge


def _printed_plans(session: Session, judge: PlanJudge, kvp: KvpPrint, programmes: Sequence[KvpProgramme],
                   now: datetime) -> list[PlanRef]:
    """The plans whose goals the activity-plan print holds; refuses when the actor may print none of them."""
    refs: list[PlanRef] = []
    if kvp is not KvpPrint.ONLY:
        require(session, judge, STATE_PLAN, Action.PRINT, log_action=audit.LogAction.PRINT,
                what=WHAT_ACTIVITY_PLAN, now=now)
        refs.append(PlanRef.activity_plan())
    if kvp is not KvpPrint.EXCLUDE:
        printable = [p for p in programmes if judge.may(row_item(p), Action.PRINT)]
        if kvp is KvpPrint.ONLY and not printable:
            if programmes:
                require(session, judge, row_item(programmes[0]), Action.PRINT, log_action=audit.LogAction.PRINT,
                        what=WHAT_ACTIVITY_PLAN, now=now)
            raise NotAllowed(_("The person has no KVP activities that you may print."))
        refs.extend(PlanRef(PlanKind.KVP, p.id) for p in printable)
    return refs


def _kvp_wanted(option: KvpPrint, is_kvp: bool) -> bool:
    return {KvpPrint.EXCLUDE: not is_kvp, KvpPrint.INCLUDE: True, KvpPrint.ONLY: is_kvp}[option]


def _status_order(rows: Sequence[Activity]) -> list[Activity]:
    return sorted(rows, key=lambda row: STATUS_ORDER.index(ActivityStatus(row.status)))


def _print_activity(row: Activity, now: datetime) -> pdf.PrintActivity:
    kind = ActivityType(row.activity_type)
    status = ActivityStatus(row.status)
    try:
        values = json.loads(row.details or "{}")
    except ValueError:
        values = {}
    details = []
    for spec in ACTIVITY_FIELDS[kind]:
        if spec.name in values:
            value = values[spec.name]
            choice = next((label(c) for c in spec.choices if c.value == value), None)
            details.append((spec.label, choice if spec.kind is FieldKind.CHOICE and choice else str(value)))
    return pdf.PrintActivity(
        type_label=label(kind), status=status.value, status_label=label(status), title=row.title,
        from_date=row.from_date, to_date=row.to_date, agreed=row.agreed,
        overdue=is_overdue(status, row.to_date, now.date()), kvp=row.kvp_programme_id is not None,
        details=tuple(details), description=row.description, cancel_reason=row.cancel_reason,
    )


def _print_measures(measures: Sequence[MeasureView]) -> tuple[pdf.PrintMeasure, ...]:
    return tuple(pdf.PrintMeasure(m.description, m.scope, m.owner, m.deadline, m.carried_out, m.done_on)
                 for m in measures)


def _header(session: Session, judge: PlanJudge, person_id: uuid.UUID, now: datetime, *,
            with_address: bool) -> pdf.PrintHeader:
    person = session.get_one(Person, person_id)
    address = ""
    if (with_address and not person.protected_address and person.address_line
            and judge.may(ItemFacts.person(DataKind.ADDRESS), Action.PRINT)):
        address = ", ".join(part for part in (person.address_line,
                                              f"{person.postal_code} {person.postal_place}".strip()) if part)
    return pdf.PrintHeader(
        office=_office_name(session, judge.ctx.actor.staff_id, person.residence_municipality_id),
        person_name=f"{person.first_name} {person.last_name}",
        fnr=person.fnr,
        address=address,
        printed_at=now,
        printed_by=staff_names(session).get(judge.ctx.actor.staff_id, judge.ctx.actor.name),
    )


def _office_name(session: Session, staff_id: uuid.UUID, municipality_id: uuid.UUID) -> str:
    """The office serving the person, preferring one the printing staff member works at."""
    serving = session.execute(
        select(Office.id, Office.name).join(office_municipality, office_municipality.c.office_id == Office.id)
        .where(office_municipality.c.municipality_id == municipality_id).order_by(Office.name)).all()
    mine = set(session.scalars(select(staff_office.c.office_id).where(staff_office.c.staff_id == staff_id)))
    for office_id, name in serving:
        if office_id in mine:
            return name
    return serving[0][1] if serving else "NAV"


def _markers(judge: PlanJudge) -> tuple[str, ...]:
    return tuple(marker.text for marker in judge.withheld)


def _unique(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(texts))


def _file_name(kind: str, now: datetime) -> str:
    return f"{kind}-{now.date().isoformat()}.pdf"

