"""The walk-in register: one keystroke per henvendelse at the counter, per office and day, by category.

No person is recorded — only when, where (the office, or its office day in another municipality) and
what about — so the register needs no access check beyond working at the office. The leader's
opening-hours statistics (`statistics`) count it by weekday, hour, category and place.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain.codes import Role
from navdesk.domain.errors import Errors, NotAllowed, NotFound
from navdesk.i18n import N_, _
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, OfficeDay, WalkIn
from navdesk.store.models.staff import staff_office

UNDO_MINUTES = 30
MAX_STATISTICS_DAYS = 400


class WalkInCategory(StrEnum):
    SOCIAL_ASSISTANCE = "sosialhjelp"
    JOB_SEEKER = "arbeidssoker"
    SICK_LEAVE = "sykepenger"
    DOCUMENTS = "dokumenter"
    APPOINTMENT = "timebestilling"
    EMERGENCY = "nodhjelp"
    OTHER = "annet"


_LABELS: dict[WalkInCategory, str] = {
    WalkInCategory.SOCIAL_ASSISTANCE: N_("Social assistance"),
    WalkInCategory.JOB_SEEKER: N_("Job seeking"),
    WalkInCategory.SICK_LEAVE: N_("Sick pay and sick leave"),
    WalkInCategory.DOCUMENTS: N_("Handing in documents"),
    WalkInCategory.APPOINTMENT: N_("Booking an appointment"),
    WalkInCategory.EMERGENCY: N_("Emergency help"),
    WalkInCategory.OTHER: N_("Other"),
}


def category_label(category: WalkInCategory) -> str:
    return _(_LABELS[category])


@dataclass(frozen=True)
class OfficeChoice:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class WalkInEntry:
    id: uuid.UUID
    at: time
    category: WalkInCategory
    label: str
    place: str  # "" at the office itself, else the municipality of the office day
    mine: bool  # registered by the actor: may be undone for a while


@dataclass(frozen=True)
class DayRegister:
    office_id: uuid.UUID
    office: str
    day: date
    entries: tuple[WalkInEntry, ...]  # newest first
    by_category: tuple[tuple[WalkInCategory, str, int], ...]  # every category, also those at 0
    places: tuple[tuple[uuid.UUID | None, str], ...]  # where walk-ins can be registered that day


@dataclass(frozen=True)
class WalkInStatistics:
    office: str
    start: date
    end: date
    total: int
    days_with_walk_ins: int
    by_weekday_hour: tuple[tuple[int, int, int], ...]  # (weekday 0=Monday, hour, count)
    by_category: tuple[tuple[WalkInCategory, str, int], ...]
    by_place: tuple[tuple[str, int], ...]


def _require_at_office(session: Session, actor: Actor, office_id: uuid.UUID) -> Office:
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound(_("The office no longer exists."))
    works_there = session.scalar(select(staff_office.c.office_id).where(
        staff_office.c.staff_id == actor.staff_id, staff_office.c.office_id == office_id))
    if works_there is None or not actor.has(Role.VEILEDER, Role.LEADER):
        raise NotAllowed(_("Only staff working at the office can use its walk-in register."))
    return office


def my_offices(db: Database, actor: Actor) -> tuple[OfficeChoice, ...]:
    """The offices whose walk-in register the actor may use: those they work at, by name."""
    if not actor.has(Role.VEILEDER, Role.LEADER):
        return ()
    with db.session() as session:
        return tuple(OfficeChoice(office_id, name) for office_id, name in session.execute(
            select(Office.id, Office.name).join(staff_office, staff_office.c.office_id == Office.id)
            .where(staff_office.c.staff_id == actor.staff_id).order_by(Office.name)))


def _places(session: Session, office: Office, day: date) -> tuple[tuple[uuid.UUID | None, str], ...]:
    elsewhere = session.execute(
        select(Municipality.id, Municipality.name).join(OfficeDay, OfficeDay.municipality_id == Municipality.id)
        .where(OfficeDay.office_id == office.id, OfficeDay.weekday == day.weekday()).distinct()
    ).all()
    return ((None, office.name), *((m, _("Office day in {name}").format(name=n)) for m, n in elsewhere))


def register(db: Database, actor: Actor, office_id: uuid.UUID, category: str, *,
             municipality_id: uuid.UUID | None = None, now: datetime | None = None) -> DayRegister:
    """Count one walk-in now; returns the day's register as it stands after it."""
    now = now or datetime.now()
    with db.session() as session:
        office = _require_at_office(session, actor, office_id)
        errors = Errors()
        try:
            chosen = WalkInCategory(category)
        except ValueError:
            errors.add("category", _("Choose what the walk-in was about."))
        places = _places(session, office, now.date())
        if municipality_id not in {place for place, _name in places}:
            errors.add("municipality_id", _("Choose the office or one of today's office days."))
        errors.raise_if_any()
        session.add(WalkIn(office_id=office_id, municipality_id=municipality_id, day=now.date(),
                           at=now.time().replace(second=0, microsecond=0), category=chosen.value,
                           registered_by_id=actor.staff_id))
        session.flush()
        return _day(session, actor, office, now.date())


def undo(db: Database, actor: Actor, walk_in_id: uuid.UUID, *, now: datetime | None = None) -> DayRegister:
    """Take back a walk-in registered by mistake: one's own, within half an hour."""
    now = now or datetime.now()
    with db.session() as session:
        entry = session.get(WalkIn, walk_in_id)
        if entry is None:
            raise NotFound(_("The walk-in is already gone."))
        office = _require_at_office(session, actor, entry.office_id)
        registered = datetime.combine(entry.day, entry.at)
        if entry.registered_by_id != actor.staff_id or now - registered > timedelta(minutes=UNDO_MINUTES):
            raise NotAllowed(_("Only your own walk-ins of the last half hour can be taken back."))
        day = entry.day
        session.delete(entry)
        session.flush()
        return _day(session, actor, office, day)


def day_register(db: Database, actor: Actor, office_id: uuid.UUID, day: date) -> DayRegister:
    with db.session() as session:
        office = _require_at_office(session, actor, office_id)
        return _day(session, actor, office, day)


def _day(session: Session, actor: Actor, office: Office, day: date) -> DayRegister:
    places = _places(session, office, day)
    names = {place: name for place, name in places if place is not None}
    for municipality_id, name in session.execute(select(Municipality.id, Municipality.name)):
        names.setdefault(municipality_id, _("Office day in {name}").format(name=name))
    rows = session.scalars(select(WalkIn).where(WalkIn.office_id == office.id, WalkIn.day == day)
                           .order_by(WalkIn.at.desc(), WalkIn.id.desc())).all()
    entries = tuple(
        WalkInEntry(row.id, row.at, WalkInCategory(row.category), category_label(WalkInCategory(row.category)),
                    names.get(row.municipality_id, "") if row.municipality_id else "",
                    row.registered_by_id == actor.staff_id)
        for row in rows
    )
    counts = Counter(entry.category for entry in entries)
    return DayRegister(office.id, office.name, day, entries,
                       tuple((c, category_label(c), counts[c]) for c in WalkInCategory), places)


def statistics(db: Database, actor: Actor, office_id: uuid.UUID, start: date, end: date) -> WalkInStatistics:
    """Walk-ins over a period by weekday and hour, category and place (for the leader's opening hours)."""
    if not actor.has(Role.LEADER):
        raise NotAllowed(_("Only leaders can see the walk-in statistics."))
    errors = Errors()
    if end < start:
        errors.add("end", _("The period must end after it starts."))
    elif (end - start).days > MAX_STATISTICS_DAYS:
        errors.add("end", _("Choose a period of at most {days} days.").format(days=MAX_STATISTICS_DAYS))
    errors.raise_if_any()
    with db.session() as session:
        office = _require_at_office(session, actor, office_id)
        names = dict(session.execute(select(Municipality.id, Municipality.name)).all())
        rows = session.execute(select(WalkIn.day, WalkIn.at, WalkIn.category, WalkIn.municipality_id)
                               .where(WalkIn.office_id == office_id, WalkIn.day.between(start, end))).all()
    hours = Counter((row.day.weekday(), row.at.hour) for row in rows)
    categories = Counter(WalkInCategory(row.category) for row in rows)
    places = Counter(names.get(row.municipality_id, "") if row.municipality_id else office.name for row in rows)
    return WalkInStatistics(
        office=office.name, start=start, end=end, total=len(rows), days_with_walk_ins=len({r.day for r in rows}),
        by_weekday_hour=tuple((weekday, hour, count) for (weekday, hour), count in sorted(hours.items())),
        by_category=tuple((c, category_label(c), categories[c]) for c in WalkInCategory),
        by_place=tuple(sorted(places.items(), key=lambda item: (-item[1], item[0]))),
    )
