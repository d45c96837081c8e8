"""Load what the deadline engine needs about some people, as one reader may see it.

Each dated item (case, activity, individual plan, KVP programme, contact) is judged by the policy
(`decide`, READ) before it becomes a fact, so the engine never sees — and a due item never reveals —
what the reader may not open. A few queries for any number of people (ids in, facts out).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, DataKind, ItemFacts, PersonFacts
from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.domain.codes import Side
from navdesk.domain.deadlines import (
    ActivityFacts,
    CaseFacts,
    KvpFacts,
    PersonDeadlineFacts,
    PlanRevisionFacts,
    ReminderFacts,
)
from navdesk.domain.plans import OPEN_STATUSES, IpStatus
from navdesk.services.access_facts import AccessContext, person_facts
from navdesk.store.models import (
    Activity,
    ContactEntry,
    IndividualPlan,
    KvpProgramme,
    Person,
    PersonContact,
    Reminder,
    ServiceCase,
)

CHUNK = 900  # ids per IN list: well below every database's limit on bound parameters


def item_facts(kind: DataKind, side: str, municipality_id: uuid.UUID | None, service_code: str,
               closed_area_id: uuid.UUID | None, residence: uuid.UUID) -> ItemFacts | None:
    """The policy's facts for a stored row; None for a row that can never be shown (closed, no area)."""
    if side == Side.STATE:
        return ItemFacts.state(kind, service_code)
    if side == Side.MUNICIPAL:
        return ItemFacts.municipal(kind, municipality_id or residence, service_code)
    if side == Side.CLOSED and closed_area_id is not None:
        return ItemFacts.closed(kind, closed_area_id)
    return None


def readable(ctx: AccessContext, person: PersonFacts, item: ItemFacts | None) -> bool:
    return item is not None and ctx.decide(person, item, Action.READ).allowed


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def load(session: Session, ctx: AccessContext, person_ids: Iterable[uuid.UUID], *,
         reminder_staff_ids: frozenset[uuid.UUID] = frozenset(),
         facts: dict[uuid.UUID, PersonFacts] | None = None) -> dict[uuid.UUID, PersonDeadlineFacts]:
    """The deadline facts of each person the reader may find, with only the items they may read.

    Reminders are those written by `reminder_staff_ids` (the reader, and whoever they cover for).
    """
    ids = list(dict.fromkeys(person_ids))
    people = facts if facts is not None else person_facts(session, ids)
    visible = {pid: f for pid, f in people.items() if pid in ids and ctx.may_find(f)}
    order = list(visible)
    cases: dict[uuid.UUID, list[CaseFacts]] = defaultdict(list)
    activities: dict[uuid.UUID, list[ActivityFacts]] = defaultdict(list)
    plans: dict[uuid.UUID, list[PlanRevisionFacts]] = defaultdict(list)
    programmes: dict[uuid.UUID, list[KvpFacts]] = defaultdict(list)
    reminders: dict[uuid.UUID, list[ReminderFacts]] = defaultdict(list)
    last_contact: dict[uuid.UUID, date] = {}
    since: dict[uuid.UUID, date] = {}
    for chunk in _chunks(order):
        _cases(session, ctx, visible, chunk, cases)
        _activities(session, ctx, visible, chunk, activities)
        _plans(session, ctx, visible, chunk, plans, programmes)
        _contacts(session, ctx, visible, chunk, last_contact)
        _follow_up(session, chunk, since)
        if reminder_staff_ids:
            for row in session.execute(
                select(Reminder.id, Reminder.person_id, Reminder.deadline, Reminder.done_at)
                .where(Reminder.person_id.in_(chunk), Reminder.staff_id.in_(reminder_staff_ids))
            ):
                reminders[row.person_id].append(ReminderFacts(row.id, row.deadline, row.done_at is not None))
    return {
        pid: PersonDeadlineFacts(
            person_id=pid, residence_municipality_id=visible[pid].residence_municipality_id,
            cases=tuple(cases[pid]), activities=tuple(activities[pid]), plans=tuple(plans[pid]),
            kvp=tuple(programmes[pid]), reminders=tuple(reminders[pid]),
            followed_up_since=since.get(pid), last_contact=last_contact.get(pid),
        )
        for pid in order
    }


def _cases(session: Session, ctx: AccessContext, people: dict[uuid.UUID, PersonFacts], chunk: list[uuid.UUID],
           into: dict[uuid.UUID, list[CaseFacts]]) -> None:
    for row in session.execute(select(ServiceCase).where(ServiceCase.person_id.in_(chunk))).scalars():
        person = people[row.person_id]
        item = item_facts(DataKind.CASE, row.side, row.responsible_municipality_id, row.service_code,
                          row.closed_area_id, person.residence_municipality_id)
        if not readable(ctx, person, item):
            continue
        into[row.person_id].append(CaseFacts(
            case_id=row.id, side=Side(row.side), service_code=row.service_code, status=CaseStatus(row.status),
            municipality_id=row.responsible_municipality_id, closed_area_id=row.closed_area_id,
            received_on=row.received_on, decided_on=row.decided_on,
            outcome=Outcome(row.outcome) if row.outcome else None, starts_on=row.starts_on, ends_on=row.ends_on,
            interim_reply_sent_on=row.interim_reply_sent_on, complaint_received_on=row.complaint_received_on,
            sent_to_statsforvalteren_on=row.sent_to_statsforvalteren_on,
            complaint_resolved=bool(row.complaint_outcome), closed=row.closed_at is not None,
            processing_deadline=row.processing_deadline, interim_reply_due=row.interim_reply_due,
            complaint_deadline=row.complaint_deadline, complaint_handling_due=row.complaint_handling_due,
        ))


def _activities(session: Session, ctx: AccessContext, people: dict[uuid.UUID, PersonFacts],
                chunk: list[uuid.UUID], into: dict[uuid.UUID, list[ActivityFacts]]) -> None:
    for row in session.execute(
        select(Activity.id, Activity.person_id, Activity.side, Activity.responsible_municipality_id,
               Activity.service_code, Activity.to_date, Activity.status)
        .where(Activity.person_id.in_(chunk), Activity.status.in_([s.value for s in OPEN_STATUSES]))
    ):
        person = people[row.person_id]
        item = item_facts(DataKind.PLAN, row.side, row.responsible_municipality_id, row.service_code, None,
                          person.residence_municipality_id)
        if readable(ctx, person, item):
            into[row.person_id].append(ActivityFacts(row.id, row.to_date, True, Side(row.side),
                                                     row.responsible_municipality_id, row.service_code))


def _plans(session: Session, ctx: AccessContext, people: dict[uuid.UUID, PersonFacts], chunk: list[uuid.UUID],
           plans: dict[uuid.UUID, list[PlanRevisionFacts]], programmes: dict[uuid.UUID, list[KvpFacts]]) -> None:
    for row in session.execute(
        select(IndividualPlan.id, IndividualPlan.person_id, IndividualPlan.side,
               IndividualPlan.responsible_municipality_id, IndividualPlan.service_code,
               IndividualPlan.next_revision_on)
        .where(IndividualPlan.person_id.in_(chunk), IndividualPlan.status != IpStatus.ENDED.value,
               IndividualPlan.ended_on.is_(None))
    ):
        person = people[row.person_id]
        item = item_facts(DataKind.PLAN, row.side, row.responsible_municipality_id, row.service_code, None,
                          person.residence_municipality_id)
        if readable(ctx, person, item):
            plans[row.person_id].append(PlanRevisionFacts(row.id, row.next_revision_on, row.responsible_municipality_id,
                                                          Side(row.side), row.service_code))
    for programme in session.execute(
        select(KvpProgramme.id, KvpProgramme.person_id, KvpProgramme.side, KvpProgramme.responsible_municipality_id,
               KvpProgramme.service_code, KvpProgramme.planned_end_on, KvpProgramme.ended_on, KvpProgramme.case_id)
        .where(KvpProgramme.person_id.in_(chunk))
    ):
        person = people[programme.person_id]
        item = item_facts(DataKind.PLAN, programme.side, programme.responsible_municipality_id,
                          programme.service_code, None, person.residence_municipality_id)
        if readable(ctx, person, item):
            programmes[programme.person_id].append(KvpFacts(
                programme.id, programme.planned_end_on, programme.ended_on is not None,
                programme.responsible_municipality_id, programme.case_id, programme.service_code))


def _contacts(session: Session, ctx: AccessContext, people: dict[uuid.UUID, PersonFacts], chunk: list[uuid.UUID],
              into: dict[uuid.UUID, date]) -> None:
    """The last contact the reader can see: the latest per (side, municipality, service), then judged."""
    for row in session.execute(
        select(ContactEntry.person_id, ContactEntry.side, ContactEntry.responsible_municipality_id,
               ContactEntry.service_code, func.max(ContactEntry.at).label("last"))
        .where(ContactEntry.person_id.in_(chunk))
        .group_by(ContactEntry.person_id, ContactEntry.side, ContactEntry.responsible_municipality_id,
                  ContactEntry.service_code)
    ):
        person = people[row.person_id]
        item = item_facts(DataKind.NOTE, row.side, row.responsible_municipality_id, row.service_code, None,
                          person.residence_municipality_id)
        if readable(ctx, person, item):
            last = _as_date(row.last)
            if row.person_id not in into or into[row.person_id] < last:
                into[row.person_id] = last


def _as_date(value: datetime | str) -> date:
    # SQLite hands an aggregate of a DateTime column back as text.
    return (value if isinstance(value, datetime) else datetime.fromisoformat(value)).date()


def _follow_up(session: Session, chunk: list[uuid.UUID], into: dict[uuid.UUID, date]) -> None:
    """Followed up since the earliest open contact began; a person held by a team only, since registered."""
    for person_id, starts in session.execute(
        select(PersonContact.person_id, func.min(PersonContact.starts))
        .where(PersonContact.person_id.in_(chunk), PersonContact.ends.is_(None))
        .group_by(PersonContact.person_id)
    ):
        into[person_id] = starts if isinstance(starts, date) else date.fromisoformat(starts)
    for person_id, created_at in session.execute(
        select(Person.id, Person.created_at).where(Person.id.in_(chunk), Person.owner_team_id.is_not(None))
    ):
        into.setdefault(person_id, created_at.date())
