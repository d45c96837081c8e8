"""What the appointment calendar and the booking form pick from: whose calendar to look at, the offices
with their opening hours and office days elsewhere, and the sides a meeting with a person may be booked on.

Read-only helpers beside `appointments`; booking and cancelling stay there. A colleague's calendar shows
"Booked" for every meeting whose person the reader may not see, so offering a teammate's (or, to a
leader, the office's) calendars discloses no more than the free and taken slots.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, DataKind, ItemFacts
from navdesk.domain.codes import Role, Side
from navdesk.domain.errors import NotAllowed
from navdesk.i18n import _
from navdesk.services.access_facts import access_context, person_facts
from navdesk.services.actor import Actor, parse_roles
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, OfficeDay, OfficeHours, Service, Staff, Team
from navdesk.store.models.org import team_member
from navdesk.store.models.staff import staff_office


@dataclass(frozen=True)
class StaffChoice:
    id: uuid.UUID
    name: str
    office_ids: tuple[uuid.UUID, ...]  # where they work: their week shows those offices' hours


@dataclass(frozen=True)
class Hours:
    weekday: int  # 0 = Monday
    opens: time
    closes: time


@dataclass(frozen=True)
class OfficeDayPlace:
    """An office day the office holds in another municipality, e.g. at Hemsedal's town hall on Tuesdays."""

    municipality_id: uuid.UUID
    municipality: str
    weekday: int
    opens: time
    closes: time
    location: str


@dataclass(frozen=True)
class OfficeChoice:
    id: uuid.UUID
    name: str
    hours: tuple[Hours, ...]
    days_elsewhere: tuple[OfficeDayPlace, ...]
    own: bool  # the actor works here

    def hours_on(self, weekday: int) -> tuple[Hours, ...]:
        return tuple(line for line in self.hours if line.weekday == weekday)


@dataclass(frozen=True)
class CalendarChoices:
    staff: tuple[StaffChoice, ...]  # the actor first, then colleagues by name
    offices: tuple[OfficeChoice, ...]  # the actor's own offices first

    def office(self, office_id: uuid.UUID) -> OfficeChoice | None:
        return next((office for office in self.offices if office.id == office_id), None)


@dataclass(frozen=True)
class BookingTarget:
    """A side the actor may book a meeting with the person on (municipal: a municipality, maybe one service)."""

    side: Side
    municipality_id: uuid.UUID | None
    service_code: str
    label: str


def _works_with_people(actor: Actor) -> None:
    if not actor.has(Role.VEILEDER, Role.LEADER):
        raise NotAllowed(_("Only veiledere and leaders use the appointment calendar."))


def calendar_choices(db: Database, actor: Actor) -> CalendarChoices:
    """Whose calendar the actor may look at and book in — themselves, their teammates, and for a leader
    everyone working at the leader's offices — and every office, the actor's own first."""
    _works_with_people(actor)
    with db.session() as session:
        works_at: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for staff_id, office_id in session.execute(select(staff_office.c.staff_id, staff_office.c.office_id)):
            works_at[staff_id].append(office_id)
        own_offices = set(works_at.get(actor.staff_id, ()))
        colleagues = _colleagues(session, actor, own_offices)
        people = session.execute(select(Staff.id, Staff.name, Staff.roles, Staff.active).where(
            Staff.id.in_([actor.staff_id, *colleagues]))).all()
        staff = sorted(
            (StaffChoice(staff_id, name, tuple(works_at.get(staff_id, ()))) for staff_id, name, roles, active in people
             if staff_id == actor.staff_id or (active and parse_roles(roles) & {Role.VEILEDER, Role.LEADER})),
            key=lambda choice: (choice.id != actor.staff_id, choice.name))
        return CalendarChoices(tuple(staff), _offices(session, own_offices))


def _colleagues(session: Session, actor: Actor, own_offices: set[uuid.UUID]) -> set[uuid.UUID]:
    teams = select(team_member.c.team_id).where(team_member.c.staff_id == actor.staff_id)
    found = set(session.scalars(select(team_member.c.staff_id).where(team_member.c.team_id.in_(teams))))
    found |= {lead for lead in session.scalars(select(Team.lead_id).where(Team.id.in_(teams))) if lead}
    if actor.has(Role.LEADER) and own_offices:
        found |= set(session.scalars(select(staff_office.c.staff_id).where(
            staff_office.c.office_id.in_(list(own_offices)))))
    found.discard(actor.staff_id)
    return found


def _offices(session: Session, own: set[uuid.UUID]) -> tuple[OfficeChoice, ...]:
    hours: dict[uuid.UUID, list[Hours]] = defaultdict(list)
    for office_id, weekday, opens, closes in session.execute(
            select(OfficeHours.office_id, OfficeHours.weekday, OfficeHours.opens, OfficeHours.closes)
            .order_by(OfficeHours.weekday, OfficeHours.opens)):
        hours[office_id].append(Hours(weekday, opens, closes))
    away: dict[uuid.UUID, list[OfficeDayPlace]] = defaultdict(list)
    for office_id, municipality_id, name, weekday, opens, closes, location in session.execute(
            select(OfficeDay.office_id, OfficeDay.municipality_id, Municipality.name, OfficeDay.weekday,
                   OfficeDay.opens, OfficeDay.closes, OfficeDay.location)
            .join(Municipality, Municipality.id == OfficeDay.municipality_id)
            .order_by(OfficeDay.weekday, OfficeDay.opens)):
        away[office_id].append(OfficeDayPlace(municipality_id, name, weekday, opens, closes, location))
    offices = [OfficeChoice(office_id, name, tuple(hours[office_id]), tuple(away[office_id]), office_id in own)
               for office_id, name in session.execute(select(Office.id, Office.name).order_by(Office.name))]
    return tuple(sorted(offices, key=lambda office: not office.own))


def booking_targets(db: Database, actor: Actor, person_id: uuid.UUID, *,
                    now: datetime | None = None) -> tuple[BookingTarget, ...]:
    """The sides the actor may book a meeting with the person on; none for a person they may not find.

    Nothing about the person is read (the booking itself is the logged change), so this is not logged.
    """
    _works_with_people(actor)
    now = now or datetime.now()
    with db.session() as session:
        ctx = access_context(session, actor, now=now)
        facts = person_facts(session, [person_id]).get(person_id)
        if facts is None or not ctx.decide(facts, ItemFacts.person(), Action.READ).allowed:
            return ()

        def allowed(item: ItemFacts) -> bool:
            decision = ctx.decide(facts, item, Action.CHANGE)
            # Emergency access is for reading what is needed now, not for planning meetings.
            return decision.allowed and not decision.is_emergency

        targets: list[BookingTarget] = []
        if allowed(ItemFacts.state(DataKind.APPOINTMENT)):
            targets.append(BookingTarget(Side.STATE, None, "", _("State side")))
        municipalities = {facts.residence_municipality_id} | {m for m, _code in facts.municipal_records}
        names = dict(session.execute(select(Municipality.id, Municipality.name)
                                     .where(Municipality.id.in_(list(municipalities)))).all())
        services = session.execute(select(Service.municipality_id, Service.code, Service.name).where(
            Service.municipality_id.in_(list(municipalities)), Service.side == Side.MUNICIPAL.value)
            .order_by(Service.name, Service.valid_from)).all()
        for municipality_id in sorted(municipalities, key=lambda m: names.get(m, "")):
            name = names.get(municipality_id, "")
            if allowed(ItemFacts.municipal(DataKind.APPOINTMENT, municipality_id, "")):
                targets.append(BookingTarget(Side.MUNICIPAL, municipality_id, "",
                                             _("Municipal — {municipality}").format(municipality=name)))
                continue
            # Staff authorised for single services (e.g. debt counselling) book on that service.
            offered = dict.fromkeys(code for m, code, _service in services if m == municipality_id)
            labels = {code: service for m, code, service in services if m == municipality_id}
            for code in offered:
                if allowed(ItemFacts.municipal(DataKind.APPOINTMENT, municipality_id, code)):
                    targets.append(BookingTarget(Side.MUNICIPAL, municipality_id, code, _(
                        "Municipal — {municipality} — {service}").format(municipality=name, service=labels[code])))
        return tuple(targets)
