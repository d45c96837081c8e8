"""Demo people: synthetic persons living in the Hallingdal municipalities.

People are made in chunks, in the order they were registered. Each chunk goes through every filler in
`PEOPLE_FILLERS`, in order; a later issue adds the data it needs (state facts, cases, plans, notes ...)
as a filler of its own, drawing from its own random stream (`ctx.rng("people.<kind>")`), making its
ids with `ctx.ids("<table>")` and writing with `ctx.insert_rows`, so that what exists stays the same
for a seed. Each kind of data has one function here, and one random stream named after it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from navdesk.domain.fnr import make_synthetic
from navdesk.services.demo_context import DemoContext
from navdesk.services.demo_names import Picker, pick_name
from navdesk.services.demo_org import DemoOrg
from navdesk.store.models import Person

CHUNK_SIZE = 5000
HISTORY_DAYS = 2 * 365
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


PeopleFiller = Callable[[DemoContext, DemoOrg, Sequence[DemoPerson]], None]


def build_people(
    ctx: DemoContext, org: DemoOrg, count: int, progress: Callable[[int, int], None] | None = None
) -> int:
    moments = registration_moments(ctx.rng("people.created_at"), ctx.today, count)
    maker = _PersonMaker(ctx, org)
    for start in range(0, count, CHUNK_SIZE):
        chunk = [maker.make(moment) for moment in moments[start:start + CHUNK_SIZE]]
        for filler in PEOPLE_FILLERS:
            filler(ctx, org, chunk)
        if progress is not None:
            progress(start + len(chunk), count)
    return count


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


def registration_moments(rng: random.Random, today: date, count: int) -> list[datetime]:
    """When each person was registered: office hours on weekdays over the last two years, in order."""
    moments = []
    for _ in range(count):
        day = today - timedelta(days=rng.randint(1, HISTORY_DAYS))
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


def insert_persons(ctx: DemoContext, org: DemoOrg, people: Sequence[DemoPerson]) -> None:
    phones = ctx.rng("people.phone")
    rows = [
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
    ctx.insert_rows(Person, rows)


PEOPLE_FILLERS: tuple[PeopleFiller, ...] = (insert_persons,)
