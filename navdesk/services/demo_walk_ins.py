"""The demo's walk-in register: who came to each office's counter, from the first day of the year before
last up to yesterday, so that the walk-ins report has a change on the month before and on the year before
for every month it shows, and the annual report has two whole years to compare.

Walk-ins come only while an office is open (its opening hours in `demo_org`), most in the first hour;
Mondays and the first days after a holiday are busiest, July and Christmas quiet, and fewer people come
each year as more use NAV's digital services. On Tuesdays Gol's staff sit at Hemsedal's town hall too,
and those walk-ins are registered there.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from navdesk.domain.workdays import is_working_day
from navdesk.services.demo_context import DemoContext
from navdesk.services.demo_org import OFFICE_DAYS, OFFICES, DemoOrg
from navdesk.services.walkins import WalkInCategory
from navdesk.store.models import WalkIn

# Walk-ins on an ordinary open day, by office (and Gol's office day in Hemsedal).
PER_OPEN_DAY = {"GOL": 11.0, "HOL": 7.0, "AAL": 7.0, "NES": 6.0, "FLAA": 3.0}
PER_OFFICE_DAY = 4.0
WEEKDAY_FACTOR = (1.3, 1.0, 0.95, 0.9, 0.85)
# January: bills after Christmas; July: the holidays; December: Christmas.
MONTH_FACTOR = (1.2, 1.05, 1.0, 0.95, 0.95, 0.9, 0.65, 1.05, 1.0, 1.0, 1.0, 0.8)
YEARLY_DECLINE = 0.06  # each year about this share fewer come to the counter
AFTER_HOLIDAY = 1.25  # the first open day after a holiday on a weekday
OPENING_HOUR, LUNCH_HOUR = 1.5, 0.8  # how busy the first hour and the lunch hour are against the others
CATEGORY_WEIGHTS: tuple[tuple[WalkInCategory, int], ...] = (
    (WalkInCategory.SOCIAL_ASSISTANCE, 30), (WalkInCategory.JOB_SEEKER, 18), (WalkInCategory.SICK_LEAVE, 10),
    (WalkInCategory.DOCUMENTS, 16), (WalkInCategory.APPOINTMENT, 10), (WalkInCategory.EMERGENCY, 4),
    (WalkInCategory.OTHER, 12),
)
# Social assistance is paid monthly: more people ask about it in the first days of a month.
MONTH_START_DAYS, MONTH_START_SOCIAL = 5, 1.6


def first_day(today: date) -> date:
    """The register's first day: the 1st of January of the year before last."""
    return date(today.year - 2, 1, 1)


def build_walk_ins(ctx: DemoContext, org: DemoOrg) -> None:
    rng = ctx.rng("walk_ins")
    ids = ctx.ids("walk_in")
    places = _places(org)
    categories = [category.value for category, _weight in CATEGORY_WEIGHTS]
    plain = _cumulative([weight for _category, weight in CATEGORY_WEIGHTS])
    month_start = _cumulative([weight * (MONTH_START_SOCIAL if category is WalkInCategory.SOCIAL_ASSISTANCE else 1)
                               for category, weight in CATEGORY_WEIGHTS])
    rows: list[dict[str, Any]] = []
    day = first_day(ctx.today)
    after_holiday = False
    while day < ctx.today:
        if not is_working_day(day):
            after_holiday = after_holiday or day.weekday() < 5
            day += timedelta(days=1)
            continue
        years_back = (ctx.today - day).days / 365
        factor = (WEEKDAY_FACTOR[day.weekday()] * MONTH_FACTOR[day.month - 1] * (1 + YEARLY_DECLINE) ** years_back
                  * (AFTER_HOLIDAY if after_holiday else 1.0))
        weights = month_start if day.day <= MONTH_START_DAYS else plain
        for office_id, municipality_id, mean, slots in places.get(day.weekday(), ()):
            for _visit in range(_count(rng, mean * factor)):
                at = _moment(rng, slots)
                rows.append({"id": ids.at(datetime.combine(day, at)), "office_id": office_id,
                             "municipality_id": municipality_id, "day": day, "at": at,
                             "category": categories[_index(rng, weights)], "registered_by_id": None})
        after_holiday = False
        day += timedelta(days=1)
    ctx.insert_rows(WalkIn, rows)


Place = tuple[Any, Any, float, tuple[tuple[float, int, int], ...]]  # office id, municipality id, mean, hours


def _places(org: DemoOrg) -> dict[int, list[Place]]:
    """Where walk-ins can be registered on each weekday: the open offices and the office days elsewhere."""
    places: dict[int, list[Place]] = {}
    for office in OFFICES:
        for weekdays, opens, closes in office.hours:
            for weekday in weekdays:
                places.setdefault(weekday, []).append(
                    (org.office_ids[office.code], None, PER_OPEN_DAY[office.code], _slots(opens, closes)))
    for code, number, weekday, opens, closes, _address in OFFICE_DAYS:
        places.setdefault(weekday, []).append(
            (org.office_ids[code], org.municipality_ids[number], PER_OFFICE_DAY, _slots(opens, closes)))
    return places


def _slots(opens: time, closes: time) -> tuple[tuple[float, int, int], ...]:
    """The opening hours hour by hour: (cumulative weight, first minute, minutes in it); busiest when the
    doors open, quieter over lunch."""
    start, end = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute
    hours = [(minute, min(60, end - minute)) for minute in range(start, end, 60)]
    weights = [(OPENING_HOUR if minute == start else LUNCH_HOUR if minute // 60 == 12 else 1.0) * length / 60
               for minute, length in hours]
    cumulative = _cumulative(weights)
    return tuple((bound, minute, length) for bound, (minute, length) in zip(cumulative, hours, strict=True))


def _moment(rng: random.Random, slots: tuple[tuple[float, int, int], ...]) -> time:
    point = rng.random()
    _bound, first, length = next((slot for slot in slots if point < slot[0]), slots[-1])
    minute = first + int(rng.random() * length)
    return time(minute // 60, minute % 60)


def _count(rng: random.Random, mean: float) -> int:
    """A Poisson count (Knuth's method: the means here are small)."""
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count


def _cumulative(weights: list[float]) -> list[float]:
    total, running, result = sum(weights), 0.0, []
    for weight in weights:
        running += weight
        result.append(running / total)
    return result


def _index(rng: random.Random, cumulative: list[float]) -> int:
    point = rng.random()
    return next((index for index, bound in enumerate(cumulative) if point < bound), len(cumulative) - 1)
