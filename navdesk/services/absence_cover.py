"""Covering absences: what the deputy holds, moving many people at once, and where the office is bare.

- While a veileder is away, their deputy's worklist holds the absent veileder's people, deadlines and
  reminders (`worklist.View.MINE`, filter `COVERING`); `covering` lists whom the actor covers for.
- A leader moves many people at once: `move_preview` says for each person whether the new veileder
  may have them (and why not), `move_people` moves those who can go, in one transaction, asking once
  whether the change was agreed with the people.
- `cover_view` shows, for each working day of a period, the specialist areas and services of an
  office that nobody present covers.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from navdesk.domain import access
from navdesk.domain.access_types import ALL_SERVICES
from navdesk.domain.codes import Role, Side
from navdesk.domain.errors import Errors, NotAllowed, NotFound
from navdesk.domain.workdays import is_working_day
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import (
    access_context,
    agreement_facts,
    person_facts,
    staff_facts,
    visible_person_clause,
)
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.caseload import absences_on, covered_by
from navdesk.services.handovers import NOTE_MAX, transfer_contact
from navdesk.services.person_guard import action_session
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, Person, PersonContact, Service, Staff, StaffAbsence
from navdesk.store.models.org import office_municipality
from navdesk.store.models.staff import staff_office

MAX_MOVE = 2000
MAX_COVER_DAYS = 92


@dataclass(frozen=True)
class Covering:
    staff_id: uuid.UUID
    name: str
    starts: date
    ends: date
    reason: str
    people: int  # how many people the absent veileder holds


def covering(db: Database, actor: Actor, *, now: datetime | None = None) -> tuple[Covering, ...]:
    """The absences the actor is deputy for today."""
    today = (now or datetime.now()).date()
    with db.session() as session:
        absent = covered_by(absences_on(session, today), actor.staff_id)
        if not absent:
            return ()
        rows = session.execute(
            select(StaffAbsence.staff_id, Staff.name, StaffAbsence.starts, StaffAbsence.ends, StaffAbsence.reason)
            .join(Staff, Staff.id == StaffAbsence.staff_id)
            .where(StaffAbsence.staff_id.in_(absent), StaffAbsence.deputy_id == actor.staff_id,
                   StaffAbsence.starts <= today, StaffAbsence.ends >= today).order_by(Staff.name)
        ).all()
        counts = dict(session.execute(
            select(PersonContact.staff_id, func.count()).where(PersonContact.staff_id.in_(absent),
                                                               PersonContact.ends.is_(None))
            .group_by(PersonContact.staff_id)).all())
    return tuple(Covering(row[0], row[1], row[2], row[3], row[4], counts.get(row[0], 0)) for row in rows)


# --- moving many people at once ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveLine:
    person_id: uuid.UUID
    person: str
    current: str  # the veileder(s) now
    can_move: bool
    problem: str  # why not, without disclosing what the leader may not know


@dataclass(frozen=True)
class MovePreview:
    to_staff_id: uuid.UUID
    to_staff: str
    lines: tuple[MoveLine, ...]

    @property
    def movable(self) -> int:
        return sum(line.can_move for line in self.lines)


@dataclass(frozen=True)
class MoveResult:
    moved: tuple[uuid.UUID, ...]
    skipped: tuple[uuid.UUID, ...]


def _require_leader(actor: Actor) -> None:
    if not actor.has(Role.LEADER):
        raise NotAllowed(_("Only leaders can move many people at once."))


def caseload(db: Database, actor: Actor, staff_id: uuid.UUID, *, now: datetime | None = None
             ) -> tuple[uuid.UUID, ...]:
    """The people a veileder holds (open contacts) that the leader may find: what to move when they leave."""
    _require_leader(actor)
    now = now or datetime.now()
    with db.session() as session:
        ctx = access_context(session, actor, now=now)
        return tuple(session.scalars(
            select(Person.id).where(
                Person.id.in_(select(PersonContact.person_id).where(PersonContact.staff_id == staff_id,
                                                                    PersonContact.ends.is_(None))),
                Person.archived_at.is_(None), visible_person_clause(ctx.reach))
            .order_by(Person.last_name, Person.first_name, Person.id)))


def move_preview(db: Database, actor: Actor, person_ids: Sequence[uuid.UUID], to_staff_id: uuid.UUID, *,
                 now: datetime | None = None) -> MovePreview:
    """What moving `person_ids` to `to_staff_id` would do, person by person."""
    _require_leader(actor)
    now = now or datetime.now()
    with db.session() as session:
        return _preview(session, actor, person_ids, to_staff_id, now)


def _preview(session: Session, actor: Actor, person_ids: Sequence[uuid.UUID], to_staff_id: uuid.UUID,
             now: datetime) -> MovePreview:
    if len(person_ids) > MAX_MOVE:
        raise NotAllowed(_("Move at most {count} people at a time.").format(count=MAX_MOVE))
    target = session.get(Staff, to_staff_id)
    if target is None or not target.active or not parse_roles(target.roles) & {Role.VEILEDER, Role.LEADER}:
        raise NotFound(_("Choose an active veileder to move the people to."))
    ctx = access_context(session, actor, now=now)
    facts = person_facts(session, person_ids)
    target_facts = staff_facts(session, to_staff_id, now=now)
    agreements = agreement_facts(session)
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    current: dict[uuid.UUID, list[str]] = {}
    for person_id, staff_id in session.execute(
        select(PersonContact.person_id, PersonContact.staff_id)
        .where(PersonContact.person_id.in_(list(person_ids)), PersonContact.ends.is_(None))
        .order_by(PersonContact.is_primary.desc())
    ):
        current.setdefault(person_id, []).append(names.get(staff_id, ""))
    people = {pid: f"{last}, {first}" for pid, first, last in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(list(person_ids))))}
    lines = []
    for person_id in person_ids:
        person = facts.get(person_id)
        if person is None or not ctx.may_find(person):
            lines.append(MoveLine(person_id, _("Person information — no access"), "", False,
                                  _("You cannot see this person.")))
            continue
        held = current.get(person_id, [])
        if names.get(to_staff_id) in held:
            lines.append(MoveLine(person_id, people[person_id], ", ".join(held), False,
                                  _("Already this veileder's person.")))
            continue
        allowed = access.may_be_assigned(target_facts, person, on=now.date(), agreements=agreements).allowed
        lines.append(MoveLine(person_id, people[person_id], ", ".join(held), allowed,
                              "" if allowed else _("{name} cannot be this person's veileder.").format(
                                  name=target.name)))
    return MovePreview(to_staff_id, target.name, tuple(lines))


def move_people(db: Database, actor: Actor, person_ids: Sequence[uuid.UUID], to_staff_id: uuid.UUID,
                from_staff_id: uuid.UUID | None, agreed_with_person: bool | None, note: str, *,
                now: datetime | None = None) -> MoveResult:
    """Move the people the preview allows to `to_staff_id` (replacing `from_staff_id`, else the primary)."""
    _require_leader(actor)
    now = now or datetime.now()
    errors = Errors()
    if agreed_with_person is None:
        errors.add("agreed_with_person", _("Answer whether the change was agreed with the people."))
    text = note.strip()
    if not text:
        errors.add("note", _("Write why the people are moved (it is kept in their ownership history)."))
    elif len(text) > NOTE_MAX:
        errors.add("note", _("At most {count} characters.").format(count=NOTE_MAX))
    errors.raise_if_any()
    assert agreed_with_person is not None
    with action_session(db) as session:
        preview = _preview(session, actor, person_ids, to_staff_id, now)
        moved, skipped = [], []
        for line in preview.lines:
            if not line.can_move:
                skipped.append(line.person_id)
                continue
            transfer_contact(session, line.person_id, leaving=from_staff_id, arriving=to_staff_id,
                             by_id=actor.staff_id, agreed_with_person=agreed_with_person, note=text, now=now)
            audit.log(session, actor, person_id=line.person_id, action=audit.LogAction.CHANGE, what="ownership",
                      allowed=True, at=now)
            moved.append(line.person_id)
        return MoveResult(tuple(moved), tuple(skipped))


# --- the cover view ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverGap:
    day: date
    absent: tuple[str, ...]
    areas: tuple[str, ...]  # specialist areas nobody present covers
    services: tuple[str, ...]  # services nobody present is authorised for


@dataclass(frozen=True)
class CoverView:
    office: str
    start: date
    end: date
    staff: tuple[str, ...]  # who works at the office
    gaps: tuple[CoverGap, ...]  # the working days with something uncovered (or someone away)


@dataclass(frozen=True)
class _Member:
    id: uuid.UUID
    name: str
    areas: frozenset[str]
    reach: access.StaffReach


def cover_view(db: Database, actor: Actor, office_id: uuid.UUID, start: date, end: date) -> CoverView:
    """For each working day from `start` to `end`: who is away, and what nobody present covers."""
    if not actor.can_manage_organisation:
        raise NotAllowed(_("Only leaders and administrators can see the office's cover."))
    errors = Errors()
    if end < start:
        errors.add("end", _("The period must end after it starts."))
    elif (end - start).days > MAX_COVER_DAYS:
        errors.add("end", _("Choose a period of at most {days} days.").format(days=MAX_COVER_DAYS))
    errors.raise_if_any()
    with db.session() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(_("The office no longer exists."))
        municipalities = list(session.scalars(select(office_municipality.c.municipality_id)
                                              .where(office_municipality.c.office_id == office_id)))
        services = session.execute(
            select(Service.municipality_id, Service.code, Service.name, Service.side).where(
                Service.municipality_id.in_(municipalities), Service.side != Side.CLOSED.value,
                Service.valid_from <= end, or_(Service.valid_to.is_(None), Service.valid_to >= start))
            .order_by(Service.name)).all()
        municipality_names = dict(session.execute(select(Municipality.id, Municipality.name)).all())
        agreements = agreement_facts(session)
        members = []
        for staff in session.scalars(
            select(Staff).join(staff_office, staff_office.c.staff_id == Staff.id)
            .where(staff_office.c.office_id == office_id, Staff.active.is_(True)).order_by(Staff.name)
        ):
            if not parse_roles(staff.roles) & {Role.VEILEDER, Role.LEADER}:
                continue
            facts = staff_facts(session, staff.id, now=datetime.combine(start, datetime.min.time()))
            members.append(_Member(staff.id, staff.name,
                                   frozenset(a.strip() for a in staff.specialist_areas.splitlines() if a.strip()),
                                   access.reach(facts, on=start, agreements=agreements)))
        absences = session.execute(
            select(StaffAbsence.staff_id, StaffAbsence.starts, StaffAbsence.ends)
            .where(StaffAbsence.staff_id.in_([m.id for m in members]), StaffAbsence.starts <= end,
                   StaffAbsence.ends >= start)).all()
        state_offices = {office_id}
    all_areas = frozenset().union(*(m.areas for m in members)) if members else frozenset()
    gaps = []
    day = start
    while day <= end:
        if is_working_day(day):
            away = {staff_id for staff_id, first, last in absences if first <= day <= last}
            present = [m for m in members if m.id not in away]
            covered_areas = frozenset().union(*(m.areas for m in present)) if present else frozenset()
            bare_services = sorted({
                _service_text(name, municipality_names.get(m_id, ""), side)
                for m_id, code, name, side in services
                if not any(_serves(member.reach, side, m_id, code, state_offices) for member in present)
            })
            if away or bare_services or all_areas - covered_areas:
                gaps.append(CoverGap(day, tuple(sorted(m.name for m in members if m.id in away)),
                                     tuple(sorted(all_areas - covered_areas)), tuple(bare_services)))
        day += timedelta(days=1)
    return CoverView(office.name, start, end, tuple(m.name for m in members), tuple(gaps))


def _serves(reach: access.StaffReach, side: str, municipality_id: uuid.UUID, code: str,
            offices: set[uuid.UUID]) -> bool:
    if side == Side.STATE:
        return bool(reach.state_office_ids & offices)
    return (municipality_id, code) in reach.municipal_services or (municipality_id, ALL_SERVICES) in \
        reach.municipal_services


def _service_text(name: str, municipality: str, side: str) -> str:
    if side == Side.STATE:
        return name
    return _("{service} ({municipality})").format(service=name, municipality=municipality)

