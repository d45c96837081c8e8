"""The demo's follow-up of late: the meetings and contacts of the last four months and the weeks ahead.

Built once ownership is settled: each person with a contact veileder meets them now and then (at the office,
on Gol's office day in Hemsedal, by phone or video; a few meetings are cancelled), and most meetings held
are written in the contact log, with the phone calls, text messages and letters in between. Someone left
without contact for three months is the exception the worklist points out, not the rule. People on sick
leave get their dialogue meetings around the 12- and 22-week checkpoints. No one meets a veileder on a day
that veileder is away. Texts are Norwegian: they are data an office would type in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from navdesk.domain.case_codes import AppointmentChannel, ContactChannel
from navdesk.domain.codes import Side
from navdesk.services.demo_case_data import DemoCases, FollowedPerson, Staffing
from navdesk.services.demo_context import DemoContext, pick, small_count
from navdesk.services.demo_org import HEMSEDAL, OFFICE_DAYS, DemoOrg
from navdesk.services.demo_staff import STAFF, away, is_away
from navdesk.store.models import Appointment, ContactEntry, PersonContact

CHUNK = 5000
PAST_DAYS, AHEAD_DAYS = 122, 27  # back to the start of last month's three-month window, and the weeks ahead
MEETINGS = 0.6  # mean meetings per person in the window (past and booked)
OTHER_CONTACTS = 0.8  # mean calls, messages and letters per person in the past part of the window
CANCELLED_PAST, CANCELLED_AHEAD = 0.06, 0.03
LOGGED = 0.85  # of the meetings held, this share is written in the contact log
CHECKPOINT_WEEKS = (12, 22)
CHECKPOINT_HELD, CHECKPOINT_BOOKED = 0.85, 0.6
HOURS = (9, 10, 11, 13, 14)
MEETING_CHANNELS = (AppointmentChannel.IN_PERSON, AppointmentChannel.IN_PERSON, AppointmentChannel.IN_PERSON,
                    AppointmentChannel.PHONE, AppointmentChannel.PHONE, AppointmentChannel.VIDEO)
LOGGED_AS = {AppointmentChannel.IN_PERSON: ContactChannel.MEETING, AppointmentChannel.PHONE: ContactChannel.PHONE,
             AppointmentChannel.VIDEO: ContactChannel.VIDEO}
PURPOSES = {Side.STATE: ("Oppfølgingssamtale", "Gjennomgang av aktivitetsplan", "Samtale om jobbsøking",
                         "Kartleggingssamtale"),
            Side.MUNICIPAL: ("Samtale om økonomi", "Oppfølgingssamtale", "Gjennomgang av budsjett",
                             "Samtale om bolig")}
MEETING_SUMMARIES = {ContactChannel.MEETING: ("Oppfølgingsmøte på kontoret.", "Møte om plan og aktiviteter."),
                     ContactChannel.PHONE: ("Telefonsamtale etter avtale.", "Avtalt telefonoppfølging."),
                     ContactChannel.VIDEO: ("Videomøte etter avtale.",)}
OTHER_CHANNELS: tuple[tuple[ContactChannel, tuple[str, ...]], ...] = (
    (ContactChannel.PHONE, ("Ringte om status i saken.", "Bruker ringte med spørsmål om utbetaling.",
                            "Ringte for å avtale nytt møte.")),
    (ContactChannel.PHONE, ("Bruker ringte om legeerklæringen.", "Ringte om jobbintervjuet.")),
    (ContactChannel.SMS, ("Påminnelse om møte sendt.", "Bruker bekreftet timen.", "Sendt lenke til stillingen.")),
    (ContactChannel.LETTER, ("Innkalling sendt per brev.", "Brev om vedtak sendt.")),
    (ContactChannel.HOME_VISIT, ("Hjemmebesøk etter avtale.",)),
)
CHECKPOINT_PURPOSE = {12: "Dialogmøte ved 12 uker", 22: "Dialogmøte 2 med arbeidsgiver ved 22 uker"}
CHECKPOINT_SUMMARY = "Dialogmøte med bruker og arbeidsgiver. Oppfølgingsplanen er gjennomgått."
OFFICE_DAY_PLACE = next(address.split(",")[0] for _code, number, *_rest, address in OFFICE_DAYS
                        if number == HEMSEDAL) + " (kontordag)"
OFFICE_DAY_WEEKDAY = next(weekday for _code, number, weekday, *_rest in OFFICE_DAYS if number == HEMSEDAL)


@dataclass
class Contacts:
    """Who is whose contact once ownership is settled, read once for the builders that need it."""

    primary: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # person -> primary contact
    of_person: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)  # person -> contacts, primary first
    of_staff: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)  # staff member -> their people

    @classmethod
    def read(cls, ctx: DemoContext) -> Contacts:
        # No ORDER BY: the rows are only looked up, and the lists are put in a fixed order here (sorting on
        # an id in SQL walks the table in index order, which costs more than the query itself).
        contacts = cls()
        primary, of_person, of_staff = contacts.primary, contacts.of_person, contacts.of_staff
        for person_id, staff_id, is_primary in ctx.session.connection().execute(
                select(PersonContact.person_id, PersonContact.staff_id, PersonContact.is_primary)
                .where(PersonContact.ends.is_(None))):
            if is_primary:
                primary[person_id] = staff_id
            of_person.setdefault(person_id, []).append(staff_id)
            of_staff.setdefault(staff_id, []).append(person_id)
        for person_id, staff in of_person.items():
            if len(staff) > 1:  # the primary contact first, then in id order
                staff.sort(key=_id_order)
                main = primary.get(person_id)
                if main is not None:
                    staff.remove(main)
                    staff.insert(0, main)
        for people in of_staff.values():
            people.sort(key=_id_order)
        contacts.of_staff = {staff_id: of_staff[staff_id] for staff_id in sorted(of_staff, key=_id_order)}
        return contacts


def _id_order(value: uuid.UUID) -> int:
    return value.int


def build_follow_up(ctx: DemoContext, org: DemoOrg, cases: DemoCases, contacts: Contacts) -> None:
    writer = _FollowUpWriter(ctx, org)
    for start in range(0, len(cases.followed), CHUNK):
        for person in cases.followed[start:start + CHUNK]:
            staff_id = contacts.primary.get(person.id)
            if staff_id is not None:
                writer.person(person, staff_id)
        writer.flush()
    for person in cases.followed:
        if person.sick_leave_from is not None:
            writer.checkpoints(person, person.sick_leave_from, _state_contact(writer, contacts, person))
    writer.flush()


def _state_contact(writer: _FollowUpWriter, contacts: Contacts, person: FollowedPerson) -> uuid.UUID:
    """The person's contact veileder on the state side, or a state veileder of their office."""
    mine = contacts.of_person.get(person.id, [])
    return next((staff_id for staff_id in mine if staff_id in writer.state_staff), None) or pick(
        writer.rng, writer.staffing.state[person.municipality])


class _FollowUpWriter:
    def __init__(self, ctx: DemoContext, org: DemoOrg) -> None:
        self.ctx = ctx
        self.today = ctx.today
        self.rng = ctx.rng("follow_up")
        self.staffing = Staffing.build(org)
        self.appointment_ids = ctx.ids("appointment")
        self.contact_ids = ctx.ids("contact_entry")
        self.offices = self.staffing.office
        self.hemsedal = org.municipality_ids[HEMSEDAL]
        self.state_staff = {org.staff_ids[spec.login] for spec in STAFF
                            if any(side == Side.STATE for side, _m, _c in spec.resolved_authorisations())}
        # Staff whose every authorisation names a municipal service (the debt counsellors) work those only.
        self.only_services: dict[uuid.UUID, tuple[str, ...]] = {}
        for spec in STAFF:
            codes = [code for _side, _municipality, code in spec.resolved_authorisations()]
            if codes and all(codes):
                self.only_services[org.staff_ids[spec.login]] = tuple(codes)
        self.away = away(org, self.today)
        self.appointments: list[dict[str, Any]] = []
        self.contacts: list[dict[str, Any]] = []

    def flush(self) -> None:
        self.ctx.insert_rows(Appointment, self.appointments)
        self.ctx.insert_rows(ContactEntry, self.contacts)
        self.appointments.clear()
        self.contacts.clear()

    def person(self, person: FollowedPerson, staff_id: uuid.UUID) -> None:
        rng = self.rng
        side, service = self._side(person, staff_id)
        for _meeting in range(small_count(rng, MEETINGS)):
            day = self.today + timedelta(days=int(rng.random() * (PAST_DAYS + AHEAD_DAYS + 1)) - PAST_DAYS)
            self.meeting(person, staff_id, side, service, day, pick(rng, PURPOSES[side]), pick(rng, MEETING_CHANNELS))
        for _contact in range(small_count(rng, OTHER_CONTACTS)):
            day = self.today - timedelta(days=1 + int(rng.random() * PAST_DAYS))
            channel, summaries = pick(rng, OTHER_CHANNELS)
            if channel is ContactChannel.HOME_VISIT and side is Side.STATE:
                channel, summaries = OTHER_CHANNELS[0]
            self.contact(person, staff_id, side, service, day, channel, pick(rng, summaries))

    def checkpoints(self, person: FollowedPerson, starts: date, staff_id: uuid.UUID) -> None:
        """Dialogue meetings around the sick-leave checkpoints: most held, those coming up mostly booked."""
        rng = self.rng
        for weeks in CHECKPOINT_WEEKS:
            checkpoint = starts + timedelta(weeks=weeks)
            if checkpoint > self.today + timedelta(days=AHEAD_DAYS):
                break
            day = checkpoint - timedelta(days=int(rng.random() * 11)) + timedelta(days=int(rng.random() * 5))
            if rng.random() < (CHECKPOINT_HELD if day < self.today else CHECKPOINT_BOOKED):
                self.meeting(person, staff_id, Side.STATE, "", day, CHECKPOINT_PURPOSE[weeks],
                             AppointmentChannel.IN_PERSON, summary=CHECKPOINT_SUMMARY)

    def meeting(self, person: FollowedPerson, staff_id: uuid.UUID, side: Side, service: str, day: date, purpose: str,
                channel: AppointmentChannel, *, summary: str = "") -> None:
        rng = self.rng
        working = self._working(staff_id, day)
        if working is None:
            return
        day = working
        starts = datetime(day.year, day.month, day.day, pick(rng, HOURS), pick(rng, (0, 0, 15, 30)))
        held = day < self.today
        cancelled = rng.random() < (CANCELLED_PAST if held else CANCELLED_AHEAD)
        office_day = (channel is AppointmentChannel.IN_PERSON and person.municipality_id == self.hemsedal
                      and day.weekday() == OFFICE_DAY_WEEKDAY)
        self.appointments.append({
            "id": self.appointment_ids.at(starts), "version": 1, "person_id": person.id, "staff_id": staff_id,
            "side": side.value, "service_code": service,
            "responsible_municipality_id": person.municipality_id if side is Side.MUNICIPAL else None,
            "starts_at": starts, "ends_at": starts + timedelta(minutes=45),
            "office_id": None if office_day else self.offices[person.municipality],
            "municipality_id": person.municipality_id if office_day else None,
            "location": OFFICE_DAY_PLACE if office_day else "", "channel": channel.value, "purpose": purpose,
            "cancelled_at": starts - timedelta(days=1 + int(rng.random() * 3)) if cancelled else None,
        })
        if held and not cancelled and rng.random() < LOGGED:
            logged = LOGGED_AS[channel]
            self.contact(person, staff_id, side, service, day, logged, summary or pick(rng, MEETING_SUMMARIES[logged]),
                         at=starts + timedelta(minutes=50))

    def contact(self, person: FollowedPerson, staff_id: uuid.UUID, side: Side, service: str, day: date,
                channel: ContactChannel, summary: str, *, at: datetime | None = None) -> None:
        if at is None:
            working = self._working(staff_id, day)
            if working is None:
                return
            minutes = int(self.rng.random() * 450)
            at = datetime(working.year, working.month, working.day, 8 + minutes // 60, minutes % 60)
        self.contacts.append({
            "id": self.contact_ids.at(at), "person_id": person.id, "side": side.value,
            "responsible_municipality_id": person.municipality_id if side is Side.MUNICIPAL else None,
            "service_code": service, "channel": channel.value, "at": at, "staff_id": staff_id, "summary": summary,
        })

    def _side(self, person: FollowedPerson, staff_id: uuid.UUID) -> tuple[Side, str]:
        """Where the contact veileder meets the person: the state side if they work it and the person is followed
        up there, else the municipal side, in one of the person's services they may work."""
        if staff_id in self.state_staff and (person.state or not person.services):
            return Side.STATE, ""
        only = self.only_services.get(staff_id)
        if only:
            return Side.MUNICIPAL, next((code for code in person.services if code in only), only[0])
        if staff_id in self.state_staff:
            return Side.STATE, ""
        return Side.MUNICIPAL, person.services[0] if person.services else "oko_radgivning"

    def _working(self, staff_id: uuid.UUID, day: date) -> date | None:
        """The day moved off a weekend, or None when the veileder is away then."""
        if day.weekday() >= 5:
            day += timedelta(days=7 - day.weekday())
        if is_away(self.away, staff_id, day):
            return None
        return day
