"""Reminders (huskelapp): a veileder's own short note about a person, with an optional deadline.

A reminder belongs to the staff member who wrote it; while they are away, their deputy sees it too
(their worklist's reminders and deadlines include it). It holds no case content, but the person must
be one the writer may find.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain.codes import Role
from navdesk.domain.errors import Conflict, Errors, NotAllowed, NotFound
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import access_context, person_facts
from navdesk.services.actor import Actor
from navdesk.services.caseload import absences_on, covered_by
from navdesk.services.person_guard import action_session, reachable_person
from navdesk.store.engine import Database
from navdesk.store.models import Person, Reminder, Staff

TEXT_MAX = 500
LONGEST_AHEAD = timedelta(days=2 * 366)
WHAT = "reminder"


@dataclass(frozen=True)
class ReminderItem:
    id: uuid.UUID
    version: int
    person_id: uuid.UUID
    person: str
    staff_id: uuid.UUID
    staff: str  # who wrote it (another name when the actor covers for them)
    text: str
    deadline: date | None
    created_at: datetime
    done: bool
    overdue: bool


def _works_with_people(actor: Actor) -> None:
    if not actor.has(Role.VEILEDER, Role.LEADER):
        raise NotAllowed(_("Only veiledere and leaders keep reminders about people."))


def _check(errors: Errors, text: str, deadline: date | None, today: date) -> str:
    clean = text.strip()
    if not clean:
        errors.add("text", _("This field is required."))
    elif len(clean) > TEXT_MAX:
        errors.add("text", _("At most {count} characters.").format(count=TEXT_MAX))
    if deadline is not None and deadline > today + LONGEST_AHEAD:
        errors.add("deadline", _("Choose a deadline within two years."))
    return clean


def add(db: Database, actor: Actor, person_id: uuid.UUID, text: str, deadline: date | None, *,
        now: datetime | None = None) -> ReminderItem:
    _works_with_people(actor)
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT, at=now)
        errors = Errors()
        clean = _check(errors, text, deadline, now.date())
        errors.raise_if_any()
        reminder = Reminder(person_id=person_id, staff_id=actor.staff_id, text=clean, deadline=deadline,
                            created_at=now.replace(tzinfo=None))
        session.add(reminder)
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what=WHAT, allowed=True,
                  at=now)
        return _items(session, [reminder], now.date())[0]


def _own(session: Session, actor: Actor, reminder_id: uuid.UUID, version: int, today: date) -> Reminder:
    reminder = session.get(Reminder, reminder_id)
    if reminder is None:
        raise NotFound(_("The reminder no longer exists."))
    if reminder.staff_id != actor.staff_id and reminder.staff_id not in covered_by(absences_on(session, today),
                                                                                   actor.staff_id):
        raise NotAllowed(_("Only the writer (or their deputy while they are away) can change a reminder."))
    if reminder.version != version:
        raise Conflict(_("The reminder has changed since you opened it. Open it again."))
    return reminder


def edit(db: Database, actor: Actor, reminder_id: uuid.UUID, version: int, text: str, deadline: date | None, *,
         now: datetime | None = None) -> ReminderItem:
    now = now or datetime.now()
    with db.session() as session:
        reminder = _own(session, actor, reminder_id, version, now.date())
        errors = Errors()
        clean = _check(errors, text, deadline, now.date())
        errors.raise_if_any()
        reminder.text, reminder.deadline = clean, deadline
        session.flush()
        return _items(session, [reminder], now.date())[0]


def set_done(db: Database, actor: Actor, reminder_id: uuid.UUID, version: int, done: bool = True, *,
             now: datetime | None = None) -> ReminderItem:
    now = now or datetime.now()
    with db.session() as session:
        reminder = _own(session, actor, reminder_id, version, now.date())
        reminder.done_at = now.replace(tzinfo=None) if done else None
        session.flush()
        return _items(session, [reminder], now.date())[0]


def delete(db: Database, actor: Actor, reminder_id: uuid.UUID, version: int, *, now: datetime | None = None) -> None:
    now = now or datetime.now()
    with db.session() as session:
        session.delete(_own(session, actor, reminder_id, version, now.date()))


def reminders(db: Database, actor: Actor, *, person_id: uuid.UUID | None = None, include_done: bool = False,
              now: datetime | None = None) -> tuple[ReminderItem, ...]:
    """The actor's reminders (and those of colleagues they cover for), soonest deadline first."""
    _works_with_people(actor)
    now = now or datetime.now()
    with db.session() as session:
        writers = covered_by(absences_on(session, now.date()), actor.staff_id) | {actor.staff_id}
        statement = select(Reminder).where(Reminder.staff_id.in_(writers))
        if person_id is not None:
            statement = statement.where(Reminder.person_id == person_id)
        if not include_done:
            statement = statement.where(Reminder.done_at.is_(None))
        rows = session.scalars(statement.order_by(Reminder.deadline.asc().nulls_last(), Reminder.created_at)).all()
        ctx = access_context(session, actor, now=now)
        facts = person_facts(session, {row.person_id for row in rows})
        visible = [row for row in rows if row.person_id in facts and ctx.may_find(facts[row.person_id])]
        return tuple(_items(session, visible, now.date()))


def _items(session: Session, rows: list[Reminder], today: date) -> list[ReminderItem]:
    if not rows:
        return []
    staff = dict(session.execute(select(Staff.id, Staff.name)).all())
    people = {pid: f"{last}, {first}" for pid, first, last in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_({r.person_id for r in rows})))}
    return [
        ReminderItem(r.id, r.version, r.person_id, people.get(r.person_id, ""), r.staff_id,
                     staff.get(r.staff_id, ""), r.text, r.deadline, r.created_at, r.done_at is not None,
                     r.done_at is None and r.deadline is not None and r.deadline < today)
        for r in rows
    ]
