"""Assignment rules: an office's ordered chain that routes a new person to a team or a veileder.

A rule matches when every criterion it sets holds (an empty criterion matches everyone): age range,
services the person has or applies for (any of them), residence municipality, birth-date days
(datofordeling: day of the month, 1–31) and employer. The first matching active rule wins.

The analysis tells the rule editor what the chain misses and what it wastes: the days 1–31 on which
some person would match no rule, and the rules that can never match because earlier rules (or their
own contradictory criteria) take every person they could have. It works on "cells": every criterion
splits people into finitely many kinds (age bands cut at every rule's limits, each municipality of the
office and "elsewhere", each named service or employer and "none"); a rule covers a cell or not.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from navdesk.i18n import _

DAYS = range(1, 32)
MAX_AGE = 130
_OTHER_MUNICIPALITY = uuid.UUID(int=0)  # "lives in none of the office's municipalities"
_NONE = ""  # "has no service" / "has no employer"
_RANGE = re.compile(r"^\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?$")


@dataclass(frozen=True)
class Criteria:
    min_age: int | None = None
    max_age: int | None = None
    service_codes: frozenset[str] = frozenset()
    municipality_ids: frozenset[uuid.UUID] = frozenset()
    birth_days: frozenset[int] = frozenset()  # empty: every day
    employers: frozenset[str] = frozenset()  # folded with `fold_employer`

    @property
    def is_catch_all(self) -> bool:
        return self == Criteria()

    def ages(self) -> tuple[int, int]:
        return (self.min_age or 0, MAX_AGE if self.max_age is None else self.max_age)


@dataclass(frozen=True)
class Rule:
    rule_id: uuid.UUID
    name: str
    criteria: Criteria
    team_id: uuid.UUID | None = None
    staff_id: uuid.UUID | None = None
    active: bool = True


@dataclass(frozen=True)
class Candidate:
    """The new person as the chain sees them."""

    birth_date: date
    residence_municipality_id: uuid.UUID
    service_codes: frozenset[str] = frozenset()
    employer: str = ""


def fold_employer(name: str) -> str:
    return " ".join(name.split()).casefold()


def age_on(birth_date: date, today: date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def matches(criteria: Criteria, candidate: Candidate, today: date) -> bool:
    low, high = criteria.ages()
    return (
        low <= age_on(candidate.birth_date, today) <= high
        and (not criteria.service_codes or bool(criteria.service_codes & candidate.service_codes))
        and (not criteria.municipality_ids or candidate.residence_municipality_id in criteria.municipality_ids)
        and (not criteria.birth_days or candidate.birth_date.day in criteria.birth_days)
        and (not criteria.employers or fold_employer(candidate.employer) in criteria.employers)
    )


def route(rules: Sequence[Rule], candidate: Candidate, today: date) -> Rule | None:
    """The first active rule that matches, or None (the person stays ufordelt)."""
    return next((rule for rule in rules if rule.active and matches(rule.criteria, candidate, today)), None)


# --- datofordeling day ranges ---------------------------------------------------------------------------


def parse_days(text: str) -> frozenset[int]:
    """"1-10, 21-31" → those days. Raises ValueError (with a translated message) on anything else."""
    days: set[int] = set()
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        found = _RANGE.match(part)
        if found is None:
            raise ValueError(_("Write days as ranges such as 1-10, 21-31."))
        first = int(found.group(1))
        last = int(found.group(2) or first)
        if not (1 <= first <= 31 and 1 <= last <= 31):
            raise ValueError(_("Days run from 1 to 31."))
        if first > last:
            raise ValueError(_("A range must start before it ends ({first}-{last}).").format(first=first, last=last))
        days.update(range(first, last + 1))
    return frozenset(days)


def format_days(days: Iterable[int]) -> str:
    """Days as the shortest list of ranges: {1,2,3,7} → "1-3, 7"."""
    ordered = sorted(set(days))
    parts = []
    for _key, group in itertools.groupby(enumerate(ordered), key=lambda pair: pair[1] - pair[0]):
        run = [day for _index, day in group]
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ", ".join(parts)


# --- the analysis ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeverMatches:
    rule_id: uuid.UUID
    contradictory: bool  # its own criteria exclude everyone (e.g. age 30 to 20)
    shadowed_by: tuple[uuid.UUID, ...]  # the earlier rules that take its people


@dataclass(frozen=True)
class ChainAnalysis:
    uncovered_days: tuple[int, ...]
    never_matching: tuple[NeverMatches, ...]
    day_rules: tuple[tuple[int, tuple[uuid.UUID, ...]], ...]  # day → rules naming it (for the editor grid)

    @property
    def complete(self) -> bool:
        return not self.uncovered_days and not self.never_matching


@dataclass(frozen=True)
class _Cell:
    day: int
    age: tuple[int, int]
    municipality: uuid.UUID
    service: str
    employer: str


def analyse(rules: Sequence[Rule], office_municipality_ids: Iterable[uuid.UUID]) -> ChainAnalysis:
    """What the chain misses (days) and wastes (rules). Inactive rules take part in neither."""
    active = [rule for rule in rules if rule.active]
    bands = _age_bands(active)
    domain = frozenset(office_municipality_ids) | {_OTHER_MUNICIPALITY}
    uncovered = tuple(
        day for day in DAYS
        if any(not any(_covers(rule.criteria, cell) for rule in active)
               for cell in _cells(Criteria(), bands, domain, days=(day,)))
    )
    never: list[NeverMatches] = []
    for index, rule in enumerate(active):
        cells = list(_cells(rule.criteria, bands, domain))
        if not cells:
            never.append(NeverMatches(rule.rule_id, True, ()))
            continue
        earlier = active[:index]
        takers: dict[uuid.UUID, None] = {}
        for cell in cells:
            taker = next((other for other in earlier if _covers(other.criteria, cell)), None)
            if taker is None:
                break
            takers[taker.rule_id] = None
        else:
            never.append(NeverMatches(rule.rule_id, False, tuple(takers)))
    day_rules = tuple(
        (day, tuple(rule.rule_id for rule in active if not rule.criteria.birth_days or day in rule.criteria.birth_days))
        for day in DAYS
    )
    return ChainAnalysis(uncovered, tuple(never), day_rules)


def _age_bands(rules: Sequence[Rule]) -> tuple[tuple[int, int], ...]:
    """Ages 0..MAX_AGE cut at every rule's limits, so that each band is inside or outside every range."""
    cuts = {0, MAX_AGE + 1}
    for rule in rules:
        low, high = rule.criteria.ages()
        cuts.update(value for value in (low, high + 1) if 0 <= value <= MAX_AGE + 1)
    ordered = sorted(cuts)
    return tuple((low, high - 1) for low, high in itertools.pairwise(ordered))


def _cells(criteria: Criteria, bands: Sequence[tuple[int, int]], domain: frozenset[uuid.UUID],
           days: Iterable[int] | None = None) -> Iterable[_Cell]:
    """The kinds of people the criteria admit; for services and employers the hardest case of each.

    A person with more services or an employer matches more rules, so a rule is covered when, for
    every named service, the people with just that one are (or, naming none, the people with none).
    """
    low, high = criteria.ages()
    wanted_days = days if days is not None else (sorted(criteria.birth_days) or DAYS)
    municipalities = sorted(criteria.municipality_ids or domain)
    services = sorted(criteria.service_codes) or [_NONE]
    employers = sorted(criteria.employers) or [_NONE]
    ages = [band for band in bands if low <= band[0] and band[1] <= high]
    for day, age, municipality, service, employer in itertools.product(
            wanted_days, ages, municipalities, services, employers):
        yield _Cell(day, age, municipality, service, employer)


def _covers(criteria: Criteria, cell: _Cell) -> bool:
    low, high = criteria.ages()
    return (
        low <= cell.age[0] and cell.age[1] <= high
        and (not criteria.birth_days or cell.day in criteria.birth_days)
        and (not criteria.municipality_ids or cell.municipality in criteria.municipality_ids)
        and (not criteria.service_codes or cell.service in criteria.service_codes)
        and (not criteria.employers or cell.employer in criteria.employers)
    )
