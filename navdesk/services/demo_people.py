"""Demo people: synthetic persons living in the Hallingdal municipalities.

People are made in the order they were registered, in memory: the person details (`demo_person_details`)
complete each row and write it, and the later builders get the same list instead of reading the people
back. Each kind of data has one function here, and one random stream named after it
(`ctx.rng("people.<kind>")`), so that what exists stays the same for a seed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from navdesk.domain.fnr import make_synthetic
from navdesk.services.demo_context import DemoContext
from navdesk.services.demo_names import Picker, pick_name
from navdesk.services.demo_org import DemoOrg

# The demo's history starts on the 1st of January of the year before last: the annual report compares
# whole years. Some people were registered before it and have been followed up for years.
HISTORY_YEARS = 2
LONG_TERM_SHARE = 0.35
LONG_TERM_DAYS = 3 * 365  # ... at most this long before the history starts
OLDEST_BIRTH, YOUNGEST_BIRTH = date(1950, 1, 1), date(2008, 12, 31)
# (youngest age, oldest age, weight): young adults are over-represented among NAV's clients.
AGE_BANDS: tuple[tuple[int, int, int], ...] = (
    (17, 24, 22), (25, 29, 16), (30, 39, 20), (40, 49, 16), (50, 59, 14), (60, 67, 9), (68, 75, 3),
)
# Labour migrants and refugees (some still on a D-number) are a larger share of clients than of residents.
IMMIGRANT_SHARE = 0.14
D_NUMBER_SHARE_OF_IMMIGRANTS = 0.3
PHONE_SHARE = 0.88


@dataclass(frozen=True, slots=True)
class DemoPerson:
    id: uuid.UUID
    fnr: str
    first_name: str
    last_name: str
    female: bool
    immigrant: bool
    birth_date: date
    municipality: str  # residence municipality number
    created_at: datetime


def make_people(ctx: DemoContext, org: DemoOrg, count: int) -> list[DemoPerson]:
    """The demo's people, in the order they were registered (nothing is written yet)."""
    maker = _PersonMaker(ctx, org)
    return [maker.make(moment) for moment in registration_moments(ctx.rng("people.created_at"), ctx.today, count)]


class _PersonMaker:
    def __init__(self, ctx: DemoContext, org: DemoOrg) -> None:
        self._ids = ctx.ids("person")
        self._background = ctx.rng("people.background")
        self._birth = ctx.rng("people.birth_date")
        self._fnr = ctx.rng("people.fnr")
        self._names = ctx.rng("people.names")
        self._residence = ctx.rng("people.residence")
        self._birth_dates = BirthDates(ctx.today)
        self._municipality = Picker[str](sorted(org.population.items()))
        self._seen_fnr: set[str] = set()

    def make(self, created_at: datetime) -> DemoPerson:
        immigrant = self._background.random() < IMMIGRANT_SHARE
        birth = self._birth_dates.pick(self._birth)
        fnr = self._unique_fnr(birth, immigrant)
        female = int(fnr[8]) % 2 == 0  # the third digit of the individual number gives the sex
        first, last = pick_name(self._names, female=female, birth_year=birth.year, immigrant=immigrant)
        return DemoPerson(
            id=self._ids.at(created_at),
            fnr=fnr,
            first_name=first,
            last_name=last,
            female=female,
            immigrant=immigrant,
            birth_date=birth,
            municipality=self._municipality(self._residence),
            created_at=created_at,
        )

    def _unique_fnr(self, birth: date, immigrant: bool) -> str:
        d_number = immigrant and self._fnr.random() < D_NUMBER_SHARE_OF_IMMIGRANTS
        while True:
            number = make_synthetic(birth, self._fnr, d_number=d_number)
            if number not in self._seen_fnr:
                self._seen_fnr.add(number)
                return number


def history_start(today: date) -> date:
    """The first day of the demo's history: cases, plans, notes and meetings fall from it to the demo's day."""
    return date(today.year - HISTORY_YEARS, 1, 1)


def registration_moments(rng: random.Random, today: date, count: int) -> list[datetime]:
    """When each person was registered, in order: office hours on weekdays over the demo's history, and for
    the long-term clients in the years before it."""
    start = history_start(today)
    history_days = (today - start).days
    moments = []
    for _ in range(count):
        if rng.random() < LONG_TERM_SHARE:
            day = start - timedelta(days=rng.randint(1, LONG_TERM_DAYS))
        else:
            day = today - timedelta(days=rng.randint(1, history_days))
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)  # a weekend registration moves to the Friday before
        seconds = rng.randrange(8 * 3600, 16 * 3600)
        moments.append(datetime.combine(day, time()) + timedelta(seconds=seconds))
    moments.sort()
    return moments


class BirthDates:
    """Birth dates by age band on the demo's day, kept within the people's birth years."""

    def __init__(self, today: date) -> None:
        bands: list[tuple[tuple[date, int], int]] = []
        for youngest, oldest, weight in AGE_BANDS:
            latest = min(_years_before(today, youngest), YOUNGEST_BIRTH)
            earliest = max(_years_before(today, oldest + 1) + timedelta(days=1), OLDEST_BIRTH)
            if earliest > latest:  # a demo day far from today: fall back to the whole range
                earliest, latest = OLDEST_BIRTH, YOUNGEST_BIRTH
            bands.append(((earliest, (latest - earliest).days), weight))
        self._band = Picker(bands)

    def pick(self, rng: random.Random) -> date:
        earliest, span = self._band(rng)
        return earliest + timedelta(days=rng.randint(0, span))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def phone(rng: random.Random) -> str:
    """A Norwegian mobile number (8 digits starting with 4 or 9) for most people, else empty."""
    if rng.random() >= PHONE_SHARE:
        return ""
    return rng.choice("49") + f"{rng.randrange(10**7):07d}"


def person_rows(ctx: DemoContext, org: DemoOrg, people: Sequence[DemoPerson]) -> list[dict[str, Any]]:
    """The `person` rows of some of the people, as far as this module knows them."""
    phones = ctx.rng("people.phone")
    return [
        {
            "id": person.id,
            "version": 1,
            "fnr": person.fnr,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": person.birth_date,
            "residence_municipality_id": org.municipality_ids[person.municipality],
            "phone": phone(phones),
            "created_at": person.created_at,
        }
        for person in people
    ]
