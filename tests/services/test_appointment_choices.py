"""What the calendar and the booking form offer: whose calendars, which offices and office days, which sides."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from caseload_region import Region, build_region

from navdesk.domain.codes import Role, Side
from navdesk.domain.errors import NotAllowed
from navdesk.services import appointment_choices, appointments
from navdesk.services.actor import Actor
from navdesk.services.appointments import BookingForm
from navdesk.store.engine import Database
from navdesk.store.models import ConflictOfInterest, OfficeDay, OfficeHours

NOW = datetime(2026, 3, 2, 10, 0)  # a Monday


@pytest.fixture
def region(db: Database) -> Region:
    built = build_region(db)
    with db.session() as session:
        session.add_all([OfficeHours(office_id=built.office, weekday=day, opens=time(10), closes=time(14))
                         for day in range(5)])
        session.add(OfficeDay(office_id=built.office, municipality_id=built.hemsedal, weekday=1, opens=time(10),
                              closes=time(14), location="Hemsedal rådhus"))
    return built


def test_teammates_and_the_office_days_are_offered(region: Region) -> None:
    choices = appointment_choices.calendar_choices(region.db, region["stat"])
    assert [s.name for s in choices.staff] == ["Stat", "Kommune", "Leder", "Msando"]  # gjeld is in no team
    (office,) = choices.offices
    assert office.own and [h.weekday for h in office.hours] == [0, 1, 2, 3, 4]
    (day,) = office.days_elsewhere
    assert (day.municipality, day.weekday, day.location) == ("Hemsedal", 1, "Hemsedal rådhus")
    assert [s.name for s in appointment_choices.calendar_choices(region.db, region["gjeld"]).staff] == ["Gjeld"]
    with pytest.raises(NotAllowed):
        appointment_choices.calendar_choices(region.db, Actor(region["stat"].staff_id, "x", "X",
                                                              frozenset({Role.ADMIN})))


def test_the_sides_offered_are_those_the_actor_may_book_on(region: Region) -> None:
    gol_person = region.person(region.gol, contact="stat")
    aal_person = region.person(region.aal, day=2)
    targets = appointment_choices.booking_targets(region.db, region["stat"], gol_person, now=NOW)
    assert [(t.side, t.municipality_id) for t in targets] == [(Side.STATE, None)]
    (municipal,) = appointment_choices.booking_targets(region.db, region["kommune"], gol_person, now=NOW)
    assert (municipal.side, municipal.municipality_id, municipal.service_code) == (Side.MUNICIPAL, region.gol, "")
    # Debt counselling only: the meeting is booked on that one service.
    (debt,) = appointment_choices.booking_targets(region.db, region["gjeld"], aal_person, now=NOW)
    assert (debt.municipality_id, debt.service_code) == (region.aal, "gjeld")
    entry = appointments.book(region.db, region["gjeld"], aal_person, BookingForm(
        starts_at=datetime(2026, 3, 3, 11), minutes=45, side=debt.side.value, purpose="Gjeldsrådgivning",
        office_id=region.office, responsible_municipality_id=debt.municipality_id, service_code=debt.service_code),
        now=NOW)
    assert entry.person_id == aal_person and entry.channel_code == "oppmote" and entry.office_id == region.office
    # A person the actor may not see offers nothing (and tells nothing).
    with region.db.session() as session:
        session.add(ConflictOfInterest(person_id=gol_person, staff_id=region["stat"].staff_id, reason="Nabo",
                                       registered_by_id=region["leder"].staff_id, registered_at=NOW))
    assert appointment_choices.booking_targets(region.db, region["stat"], gol_person, now=NOW) == ()
