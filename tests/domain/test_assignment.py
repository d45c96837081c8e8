"""The assignment chain as tables: routing, datofordeling day coverage, rules that never match."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from navdesk.domain.assignment import (
    Candidate,
    Criteria,
    Rule,
    analyse,
    fold_employer,
    format_days,
    parse_days,
    route,
)

GOL, HEMSEDAL, AAL = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)
OFFICE = (GOL, HEMSEDAL)
TODAY = date(2026, 3, 2)
YOUTH_TEAM, RECEPTION = uuid.UUID(int=50), uuid.UUID(int=51)


def rule(n: int, **criteria: object) -> Rule:
    return Rule(uuid.UUID(int=1000 + n), f"rule {n}", Criteria(**criteria), team_id=RECEPTION)  # type: ignore[arg-type]


def days(text: str) -> frozenset[int]:
    return parse_days(text)


YOUTH = rule(1, min_age=16, max_age=29)
DEBT = rule(2, service_codes=frozenset({"gjeld"}))
HEMSEDAL_ONLY = rule(3, municipality_ids=frozenset({HEMSEDAL}))
FIRST_HALF = rule(4, birth_days=days("1-15"))
SECOND_HALF = rule(5, birth_days=days("16-31"))
HOTEL = rule(6, employers=frozenset({fold_employer("Skistar Hemsedal")}))
CATCH_ALL = rule(9)
CHAIN = [YOUTH, DEBT, HEMSEDAL_ONLY, HOTEL, FIRST_HALF, SECOND_HALF]


def candidate(born: date, municipality: uuid.UUID = GOL, services: frozenset[str] = frozenset(),
              employer: str = "") -> Candidate:
    return Candidate(born, municipality, services, employer)


@pytest.mark.parametrize(("case", "who", "expected"), [
    ("a 20-year-old goes to the youth rule", candidate(date(2006, 1, 20)), YOUTH),
    ("turned 29 today", candidate(date(1997, 3, 2)), YOUTH),
    ("30 tomorrow is still 29", candidate(date(1996, 3, 3)), YOUTH),
    ("30 today is not youth", candidate(date(1996, 3, 2)), FIRST_HALF),
    ("debt service, 40 years old", candidate(date(1986, 5, 20), services=frozenset({"gjeld", "oko_stonad"})), DEBT),
    ("Hemsedal resident", candidate(date(1980, 5, 20), HEMSEDAL), HEMSEDAL_ONLY),
    ("employer matches whatever the spelling", candidate(date(1980, 5, 20), employer="  skistar  HEMSEDAL"), HOTEL),
    ("born on the 15th", candidate(date(1980, 5, 15)), FIRST_HALF),
    ("born on the 16th", candidate(date(1980, 5, 16)), SECOND_HALF),
])
def test_route_takes_the_first_matching_rule(case: str, who: Candidate, expected: Rule) -> None:
    assert route(CHAIN, who, TODAY) == expected, case


def test_route_skips_inactive_rules_and_may_find_none() -> None:
    inactive_youth = Rule(YOUTH.rule_id, YOUTH.name, YOUTH.criteria, active=False)
    assert route([inactive_youth, FIRST_HALF], candidate(date(2006, 1, 10)), TODAY) == FIRST_HALF
    assert route([FIRST_HALF], candidate(date(2006, 1, 20)), TODAY) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("1-10, 21-31", set(range(1, 11)) | set(range(21, 32))),
    ("5", {5}),
    (" 1 - 3 ; 7 ", {1, 2, 3, 7}),
    ("", set()),
])
def test_parse_days(text: str, expected: set[int]) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize("text", ["0-5", "1-32", "10-1", "a-b", "1--3"])
def test_parse_days_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_days(text)


def test_format_days_gives_the_shortest_ranges() -> None:
    assert format_days({1, 2, 3, 7, 9, 10}) == "1-3, 7, 9-10"
    assert parse_days(format_days(range(1, 32))) == set(range(1, 32))


def ids(*rules: Rule) -> tuple[uuid.UUID, ...]:
    return tuple(r.rule_id for r in rules)


COVERAGE_TABLE: list[tuple[str, list[Rule], tuple[int, ...]]] = [
    ("no rules: every day uncovered", [], tuple(range(1, 32))),
    ("a catch-all covers every day", [CATCH_ALL], ()),
    ("two halves cover every day", [FIRST_HALF, SECOND_HALF], ()),
    ("a gap from 11 to 15", [rule(1, birth_days=days("1-10")), SECOND_HALF], tuple(range(11, 16))),
    ("the 31st forgotten", [rule(1, birth_days=days("1-15")), rule(2, birth_days=days("16-30"))], (31,)),
    ("youth only by day: adults uncovered on every day", [rule(1, min_age=16, max_age=29, birth_days=days("1-31"))],
     tuple(range(1, 32))),
    ("one municipality only: people elsewhere uncovered", [rule(1, municipality_ids=frozenset(OFFICE))],
     tuple(range(1, 32))),
    ("split by age, then by day for the rest", [YOUTH, rule(2, min_age=30, birth_days=days("1-20")),
                                                rule(3, max_age=15)], tuple(range(21, 32))),
    ("a service rule covers nobody without the service", [rule(1, service_codes=frozenset({"gjeld"}))],
     tuple(range(1, 32))),
    ("inactive rules cover nothing", [Rule(CATCH_ALL.rule_id, "off", Criteria(), active=False)], tuple(range(1, 32))),
]


@pytest.mark.parametrize(("case", "rules", "uncovered"), COVERAGE_TABLE, ids=[row[0] for row in COVERAGE_TABLE])
def test_uncovered_days(case: str, rules: list[Rule], uncovered: tuple[int, ...]) -> None:
    assert analyse(rules, OFFICE).uncovered_days == uncovered


NEVER_TABLE: list[tuple[str, list[Rule], list[tuple[Rule, bool, tuple[uuid.UUID, ...]]]]] = [
    ("a chain without waste", [YOUTH, DEBT, FIRST_HALF, SECOND_HALF], []),
    ("anything after a catch-all", [CATCH_ALL, YOUTH, DEBT],
     [(YOUTH, False, ids(CATCH_ALL)), (DEBT, False, ids(CATCH_ALL))]),
    ("a day range inside an earlier one", [FIRST_HALF, rule(7, birth_days=days("3-9"))],
     [(rule(7, birth_days=days("3-9")), False, ids(FIRST_HALF))]),
    ("days covered by two earlier rules together",
     [rule(1, birth_days=days("1-10")), rule(2, birth_days=days("11-20")), rule(3, birth_days=days("5-15"))],
     [(rule(3, birth_days=days("5-15")), False, ids(rule(1), rule(2)))]),
    ("a narrower age range after a wider one", [YOUTH, rule(8, min_age=18, max_age=25)],
     [(rule(8, min_age=18, max_age=25), False, ids(YOUTH))]),
    ("a wider age range after a narrower one is fine", [rule(8, min_age=18, max_age=25), YOUTH], []),
    ("contradictory ages", [rule(8, min_age=40, max_age=30)], [(rule(8, min_age=40, max_age=30), True, ())]),
    ("a service rule after a rule for any of more services",
     [rule(1, service_codes=frozenset({"gjeld", "kvp"})), rule(2, service_codes=frozenset({"gjeld"}))],
     [(rule(2, service_codes=frozenset({"gjeld"})), False, ids(rule(1)))]),
    ("a rule for either service is not shadowed by a rule for one",
     [rule(2, service_codes=frozenset({"gjeld"})), rule(1, service_codes=frozenset({"gjeld", "kvp"}))], []),
    ("a municipality split covers the office, not the world",
     [rule(1, municipality_ids=frozenset({GOL})), rule(2, municipality_ids=frozenset({HEMSEDAL})), CATCH_ALL], []),
    ("an employer rule after a day rule that covers every day",
     [FIRST_HALF, SECOND_HALF, HOTEL], [(HOTEL, False, ids(FIRST_HALF, SECOND_HALF))]),
    ("a Hemsedal rule after rules for Gol and Hemsedal",
     [rule(1, municipality_ids=frozenset({GOL})), rule(2, municipality_ids=frozenset({HEMSEDAL})), HEMSEDAL_ONLY],
     [(HEMSEDAL_ONLY, False, ids(rule(2)))]),
]


@pytest.mark.parametrize(("case", "rules", "expected"), NEVER_TABLE, ids=[row[0] for row in NEVER_TABLE])
def test_rules_that_never_match(case: str, rules: list[Rule],
                                expected: list[tuple[Rule, bool, tuple[uuid.UUID, ...]]]) -> None:
    found = [(n.rule_id, n.contradictory, n.shadowed_by) for n in analyse(rules, OFFICE).never_matching]
    assert found == [(r.rule_id, contradictory, by) for r, contradictory, by in expected]


def test_the_day_grid_names_the_rules_of_each_day() -> None:
    grid = dict(analyse([YOUTH, FIRST_HALF, SECOND_HALF], OFFICE).day_rules)
    assert grid[1] == ids(YOUTH, FIRST_HALF)
    assert grid[31] == ids(YOUTH, SECOND_HALF)


def test_a_complete_chain() -> None:
    assert analyse([YOUTH, DEBT, FIRST_HALF, SECOND_HALF], OFFICE).complete
    assert not analyse([YOUTH, FIRST_HALF], OFFICE).complete
