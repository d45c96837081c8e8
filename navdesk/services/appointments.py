"""Appointments: a calendar per veileder and per office day, and booking from the card or the worklist.

An office day may be held at the office itself or in another municipality (`OfficeDay`, e.g. Gol's
staff at Hemsedal's town hall on Tuesdays); the office-day calendar shows both. An appointment has a
side like every item about a person: who the person is and why they come shows only to readers the
policy lets read it; others see the slot as booked, so that double booking is still avoided.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, DataKind, ItemFacts
from navdesk.domain.case_codes import AppointmentChannel, code_label
from navdesk.domain.codes import Role, Side
from navdesk.domain.errors import Conflict, Errors, NotAllowed, NotFound
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import AccessContext, access_context, person_facts
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.deadline_facts import item_facts
from navdesk.services.person_guard import action_session, reachable_person, require
from navdesk.store.engine import Database
from navdesk.store.models import Appointment, Municipality, Office, OfficeDay, OfficeHours, Person, Service, Staff

WHAT = "appointment"
PURPOSE_MAX = 200
LOCATION_MAX = 200
MAX_MINUTES = 8 * 60
MAX_CALENDAR_DAYS = 62


@dataclass(frozen=True)
class BookingForm:
    starts_at: datetime | None
    minutes: int
    side: str
    purpose: str
    channel: str = AppointmentChannel.IN_PERSON
    staff_id: uuid.UUID | None = None  # None: the actor
    office_id: uuid.UUID | None = None  # at the office ...
    municipality_id: uuid.UUID | None = None  # ... or on its office day in this municipality
    location: str = ""
    responsible_municipality_id: uuid.UUID | None = None  # municipal appointments
    service_code: str = ""


@dataclass(frozen=True)
class CalendarEntry:
    id: uuid.UUID
    version: int
    staff_id: uuid.UUID
    staff: str
    starts_at: datetime
    ends_at: datetime
    place: str
    channel: str
    cancelled: bool
    person_id: uuid.UUID | None  # None (and no purpose) when the reader may not see whom it is with
    person: str
    purpose: str
    channel_code: str = ""  # the stored AppointmentChannel value (`channel` is its label)
    office_id: uuid.UUID | None = None
    municipality_id: uuid.UUID | None = None  # set when held on an office day in another municipality

    @property
    def withheld(self) -> bool:
        return self.person_id is None


@dataclass(frozen=True)
class Opening:
    opens: time
    closes: time
    place: str
    municipality_id: uuid.UUID | None  # None: at the office itself


@dataclass(frozen=True)
class OfficeDayCalendar:
    office_id: uuid.UUID
    office: str
    day: date
    openings: tuple[Opening, ...]  # the office's own hours and its office days elsewhere that weekday
    entries: tuple[CalendarEntry, ...]


def _works_with_people(actor: Actor) -> None:
    if not actor.has(Role.VEILEDER, Role.LEADER):
        raise NotAllowed(_("Only veiledere and leaders use the appointment calendar."))


def _period(start: date, end: date) -> None:
    errors = Errors()
    if end < start:
        errors.add("end", _("The period must end after it starts."))
    elif (end - start).days > MAX_CALENDAR_DAYS:
        errors.add("end", _("Choose a period of at most {days} days.").format(days=MAX_CALENDAR_DAYS))
    errors.raise_if_any()


def staff_calendar(db: Database, actor: Actor, staff_id: uuid.UUID, start: date, end: date, *,
                   now: datetime | None = None) -> tuple[CalendarEntry, ...]:
    """A veileder's appointments from `start` to `end` (inclusive), cancelled ones included."""
    _works_with_people(actor)
    _period(start, end)
    now = now or datetime.now()
    with db.session() as session:
        ctx = access_context(session, actor, now=now)
        rows = session.scalars(select(Appointment).where(
            Appointment.staff_id == staff_id, Appointment.starts_at >= datetime.combine(start, time()),
            Appointment.starts_at < datetime.combine(end + timedelta(days=1), time()),
        ).order_by(Appointment.starts_at)).all()
        return _entries(session, ctx, list(rows))


def office_day(db: Database, actor: Actor, office_id: uuid.UUID, day: date, *,
               now: datetime | None = None) -> OfficeDayCalendar:
    """Everything booked at the office on `day`, and on its office days elsewhere that weekday."""
    _works_with_people(actor)
    now = now or datetime.now()
    with db.session() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(_("The office no longer exists."))
        ctx = access_context(session, actor, now=now)
        openings = _openings(session, office, day)
        elsewhere = [o.municipality_id for o in openings if o.municipality_id is not None]
        places = [Appointment.office_id == office_id]
        if elsewhere:
            places.append(and_(Appointment.office_id.is_(None), Appointment.municipality_id.in_(elsewhere)))
        rows = session.scalars(select(Appointment).where(
            or_(*places), Appointment.starts_at >= datetime.combine(day, time()),
            Appointment.starts_at < datetime.combine(day + timedelta(days=1), time()),
        ).order_by(Appointment.starts_at, Appointment.staff_id)).all()
        return OfficeDayCalendar(office_id, office.name, day, openings, _entries(session, ctx, list(rows)))


def _openings(session: Session, office: Office, day: date) -> tuple[Opening, ...]:
    own = session.execute(select(OfficeHours.opens, OfficeHours.closes).where(
        OfficeHours.office_id == office.id, OfficeHours.weekday == day.weekday()).order_by(OfficeHours.opens)).all()
    away = session.execute(
        select(OfficeDay.opens, OfficeDay.closes, OfficeDay.location, OfficeDay.municipality_id, Municipality.name)
        .join(Municipality, Municipality.id == OfficeDay.municipality_id)
        .where(OfficeDay.office_id == office.id, OfficeDay.weekday == day.weekday()).order_by(OfficeDay.opens)
    ).all()
    return (*(Opening(o, c, office.name, None) for o, c in own),
            *(Opening(o, c, location or name, municipality_id) for o, c, location, municipality_id, name in away))


def _entries(session: Session, ctx: AccessContext, rows: list[Appointment]) -> tuple[CalendarEntry, ...]:
    if not rows:
        return ()
    facts = person_facts(session, {row.person_id for row in rows})
    staff = dict(session.execute(select(Staff.id, Staff.name)).all())
    offices = dict(session.execute(select(Office.id, Office.name)).all())
    municipalities = dict(session.execute(select(Municipality.id, Municipality.name)).all())
    people = {pid: f"{last}, {first}" for pid, first, last in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(list(facts))))}
    entries = []
    for row in rows:
        person = facts.get(row.person_id)
        item = item_facts(DataKind.APPOINTMENT, row.side, row.responsible_municipality_id, row.service_code, None,
                          person.residence_municipality_id) if person else None
        shown = person is not None and item is not None and ctx.decide(person, item, Action.READ).allowed
        place = row.location or (offices.get(row.office_id, "") if row.office_id else
                                 municipalities.get(row.municipality_id, "") if row.municipality_id else "")
        entries.append(CalendarEntry(
            id=row.id, version=row.version, staff_id=row.staff_id, staff=staff.get(row.staff_id, ""),
            starts_at=row.starts_at, ends_at=row.ends_at, place=place, channel=code_label(
                AppointmentChannel(row.channel)) if row.channel in set(AppointmentChannel) else row.channel,
            cancelled=row.cancelled_at is not None, person_id=row.person_id if shown else None,
            person=people.get(row.person_id, "") if shown else _("Booked"), purpose=row.purpose if shown else "",
            channel_code=row.channel, office_id=row.office_id, municipality_id=row.municipality_id,
        ))
    return tuple(entries)


def book(db: Database, actor: Actor, person_id: uuid.UUID, form: BookingForm, *,
         now: datetime | None = None) -> CalendarEntry:
    """Book a meeting with the person; refuses a slot the veileder already has taken."""
    _works_with_people(actor)
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT, at=now)
        errors = Errors()
        item = _item(session, errors, form, facts.residence_municipality_id)
        staff_id = form.staff_id or actor.staff_id
        _check_booking(session, errors, form, staff_id, now)
        errors.raise_if_any()
        assert item is not None and form.starts_at is not None
        decision = require(session, ctx, facts, item, Action.CHANGE, log_action=audit.LogAction.CHANGE, what=WHAT,
                           at=now)
        appointment = Appointment(
            person_id=person_id, staff_id=staff_id, side=form.side,
            responsible_municipality_id=form.responsible_municipality_id if form.side == Side.MUNICIPAL else None,
            service_code=form.service_code if form.side == Side.MUNICIPAL else "",
            starts_at=form.starts_at, ends_at=form.starts_at + timedelta(minutes=form.minutes),
            office_id=form.office_id if form.municipality_id is None else None,
            municipality_id=form.municipality_id, location=form.location.strip(), channel=form.channel,
            purpose=form.purpose.strip(),
        )
        session.add(appointment)
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what=WHAT, allowed=True,
                  reason=decision.reason.value, at=now)
        return _entries(session, ctx, [appointment])[0]


def _item(session: Session, errors: Errors, form: BookingForm, residence: uuid.UUID) -> ItemFacts | None:
    if form.side == Side.STATE:
        return ItemFacts.state(DataKind.APPOINTMENT)
    if form.side == Side.MUNICIPAL:
        municipality = form.responsible_municipality_id or residence
        if form.service_code and session.scalar(select(Service.id).where(
                Service.municipality_id == municipality, Service.code == form.service_code,
                Service.side == Side.MUNICIPAL.value).limit(1)) is None:
            errors.add("service_code", _("This service is not in the municipality's catalogue."))
            return None
        return ItemFacts.municipal(DataKind.APPOINTMENT, municipality, form.service_code)
    errors.add("side", _("Choose the side the meeting belongs to."))
    return None


def _check_booking(session: Session, errors: Errors, form: BookingForm, staff_id: uuid.UUID, now: datetime) -> None:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active or not parse_roles(staff.roles) & {Role.VEILEDER, Role.LEADER}:
        errors.add("staff_id", _("Choose an active veileder."))
    if form.channel not in set(AppointmentChannel):
        errors.add("channel", _("Choose how the meeting takes place."))
    if not 5 <= form.minutes <= MAX_MINUTES:
        errors.add("minutes", _("A meeting lasts from 5 minutes to 8 hours."))
    purpose = form.purpose.strip()
    if not purpose:
        errors.add("purpose", _("This field is required."))
    elif len(purpose) > PURPOSE_MAX:
        errors.add("purpose", _("At most {count} characters.").format(count=PURPOSE_MAX))
    if len(form.location.strip()) > LOCATION_MAX:
        errors.add("location", _("At most {count} characters.").format(count=LOCATION_MAX))
    if form.starts_at is None:
        errors.add("starts_at", _("This field is required."))
        return
    if form.starts_at < now - timedelta(minutes=5):
        errors.add("starts_at", _("A meeting cannot be booked in the past."))
    if form.channel == AppointmentChannel.IN_PERSON:
        _check_place(session, errors, form)
    ends = form.starts_at + timedelta(minutes=form.minutes)
    clash = session.scalar(select(Appointment.id).where(
        Appointment.staff_id == staff_id, Appointment.cancelled_at.is_(None),
        Appointment.starts_at < ends, Appointment.ends_at > form.starts_at).limit(1))
    if clash is not None:
        errors.add("starts_at", _("The veileder already has a meeting then."))


def _check_place(session: Session, errors: Errors, form: BookingForm) -> None:
    """A meeting in person is at an office, or on one of its office days elsewhere, within its hours."""
    assert form.starts_at is not None
    if form.office_id is None or session.get(Office, form.office_id) is None:
        errors.add("office_id", _("Choose where the meeting is."))
        return
    if form.municipality_id is None:
        return
    weekday = form.starts_at.weekday()
    ends = (form.starts_at + timedelta(minutes=form.minutes)).time()
    held = session.scalar(select(OfficeDay.id).where(
        OfficeDay.office_id == form.office_id, OfficeDay.municipality_id == form.municipality_id,
        OfficeDay.weekday == weekday, OfficeDay.opens <= form.starts_at.time(), OfficeDay.closes >= ends).limit(1))
    if held is None:
        errors.add("municipality_id", _("The office holds no office day there at that time."))


def cancel(db: Database, actor: Actor, appointment_id: uuid.UUID, version: int, *,
           now: datetime | None = None) -> CalendarEntry:
    """Cancel a meeting (kept in the calendar, marked cancelled)."""
    _works_with_people(actor)
    now = now or datetime.now()
    with action_session(db) as session:
        appointment = session.get(Appointment, appointment_id)
        if appointment is None:
            raise NotFound(_("The meeting no longer exists."))
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, appointment.person_id, action=audit.LogAction.CHANGE, what=WHAT, at=now)
        item = item_facts(DataKind.APPOINTMENT, appointment.side, appointment.responsible_municipality_id,
                          appointment.service_code, None, facts.residence_municipality_id)
        if item is None:
            raise NotFound(_("The meeting no longer exists."))
        decision = require(session, ctx, facts, item, Action.CHANGE, log_action=audit.LogAction.CHANGE, what=WHAT,
                           at=now)
        if appointment.version != version:
            raise Conflict(_("Someone else changed this meeting after you opened it. Open it again."))
        if appointment.cancelled_at is None:
            appointment.cancelled_at = now.replace(tzinfo=None)
            session.flush()
            audit.log(session, actor, person_id=appointment.person_id, action=audit.LogAction.CHANGE, what=WHAT,
                      allowed=True, reason=decision.reason.value, at=now)
        return _entries(session, ctx, [appointment])[0]
