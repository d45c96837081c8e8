"""The organisation rules, case by case."""

from __future__ import annotations

import uuid
from datetime import date, time

import pytest

from navdesk.domain.codes import Role, Side
from navdesk.domain.org_rules import (
    AbsenceEntry,
    AgreementTerms,
    AuthorisationEntry,
    OfficeDayEntry,
    Opening,
    host_agreement_errors,
    office_days_error,
    opening_hours_error,
    periods_overlap,
    staff_errors,
)

GOL, HEMSEDAL, AAL, HOL = (uuid.UUID(int=n) for n in (1, 2, 3, 4))
NAMES = {GOL: "Gol", HEMSEDAL: "Hemsedal", AAL: "Ål", HOL: "Hol"}
SERVICES = {"oko_stonad": "Økonomisk stønad", "kvp": "KVP", "gjeld": "Gjeldsrådgivning"}
EXISTING = AgreementTerms(
    id=uuid.UUID(int=100),
    name="Vertskommuneavtale Gol–Hemsedal",
    host_id=GOL,
    valid_from=date(2020, 1, 1),
    valid_to=date(2025, 12, 31),
    coverage=frozenset({(HEMSEDAL, "oko_stonad"), (HEMSEDAL, "kvp")}),
)


def terms(**changes: object) -> AgreementTerms:
    values: dict[str, object] = {
        "id": None,
        "name": "Ny avtale",
        "host_id": AAL,
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "coverage": frozenset({(HEMSEDAL, "oko_stonad")}),
    }
    values.update(changes)
    return AgreementTerms(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("case", "draft", "expected"),
    [
        ("after the old one ends", terms(), {}),
        (
            "same member, other service",
            terms(valid_from=date(2024, 1, 1), coverage=frozenset({(HEMSEDAL, "gjeld")})),
            {},
        ),
        (
            "other member, same service",
            terms(valid_from=date(2024, 1, 1), coverage=frozenset({(HOL, "kvp")})),
            {},
        ),
        (
            "overlapping same member and service",
            terms(valid_from=date(2025, 12, 31)),
            {"coverage": "Vertskommuneavtale Gol–Hemsedal"},
        ),
        (
            "open-ended overlap from before",
            terms(valid_from=date(2019, 1, 1), valid_to=date(2020, 1, 1)),
            {"coverage": "Vertskommuneavtale Gol–Hemsedal"},
        ),
        ("host is its own member", terms(coverage=frozenset({(AAL, "kvp")})), {"coverage": "Ål"}),
        ("no coverage", terms(coverage=frozenset()), {"coverage": "at least one member"}),
        ("no host", terms(host_id=None), {"host": "host municipality"}),
        ("no name", terms(name="  "), {"name": "required"}),
        ("ends before it starts", terms(valid_to=date(2025, 1, 1)), {"valid_to": "before the start"}),
        ("unknown service", terms(coverage=frozenset({(HEMSEDAL, "nope")})), {"coverage": "nope"}),
    ],
)
def test_host_agreement_rules(
    english: None, case: str, draft: AgreementTerms, expected: dict[str, str]
) -> None:
    errors = host_agreement_errors(draft, [EXISTING], NAMES, SERVICES)
    assert set(errors) == set(expected), case
    for field, fragment in expected.items():
        assert fragment in errors[field], case


def test_overlap_message_names_member_service_and_other_agreement(english: None) -> None:
    errors = host_agreement_errors(terms(valid_from=date(2021, 6, 1)), [EXISTING], NAMES, SERVICES)
    assert "Hemsedal" in errors["coverage"]
    assert "Økonomisk stønad" in errors["coverage"]
    assert "«Vertskommuneavtale Gol–Hemsedal»" in errors["coverage"]


def test_an_agreement_does_not_overlap_itself() -> None:
    assert host_agreement_errors(EXISTING, [EXISTING], NAMES, SERVICES) == {}


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((date(2020, 1, 1), date(2020, 12, 31)), (date(2020, 12, 31), None), True),
        ((date(2020, 1, 1), date(2020, 12, 31)), (date(2021, 1, 1), None), False),
        ((date(2020, 1, 1), None), (date(2010, 1, 1), date(2019, 12, 31)), False),
        ((date(2020, 1, 1), None), (date(2030, 1, 1), None), True),
    ],
)
def test_periods_overlap_inclusively(
    a: tuple[date, date | None], b: tuple[date, date | None], overlap: bool
) -> None:
    assert periods_overlap(*a, *b) is overlap
    assert periods_overlap(*b, *a) is overlap


@pytest.mark.parametrize(
    ("openings", "fragment"),
    [
        ([Opening(0, time(10), time(14)), Opening(1, time(10), time(14))], None),
        ([Opening(3, time(8), time(11)), Opening(3, time(12), time(15))], None),
        ([Opening(3, time(8), time(12)), Opening(3, time(12), time(15))], None),
        ([Opening(2, time(14), time(10))], "Wednesday: the closing time"),
        ([Opening(2, time(10), time(10))], "Wednesday: the closing time"),
        ([Opening(4, time(9), time(13)), Opening(4, time(12), time(15))], "Friday: two openings overlap"),
        ([Opening(7, time(9), time(13))], "weekday"),
    ],
)
def test_opening_hours(english: None, openings: list[Opening], fragment: str | None) -> None:
    message = opening_hours_error(openings)
    if fragment is None:
        assert message is None
    else:
        assert message is not None and fragment in message


@pytest.mark.parametrize(
    ("days", "fragment"),
    [
        ([OfficeDayEntry(HEMSEDAL, 1, time(10), time(14), "Rådhuset")], None),
        ([OfficeDayEntry(HEMSEDAL, 1, time(10), time(14)), OfficeDayEntry(HOL, 1, time(10), time(14))], None),
        ([OfficeDayEntry(None, 1, time(10), time(14))], "choose the municipality"),
        ([OfficeDayEntry(HEMSEDAL, 1, time(14), time(10))], "closing time"),
        (
            [OfficeDayEntry(HEMSEDAL, 1, time(9), time(12)), OfficeDayEntry(HEMSEDAL, 1, time(11), time(14))],
            "overlap",
        ),
    ],
)
def test_office_days(english: None, days: list[OfficeDayEntry], fragment: str | None) -> None:
    message = office_days_error(days)
    if fragment is None:
        assert message is None
    else:
        assert message is not None and fragment in message


ME, DEPUTY = uuid.UUID(int=50), uuid.UUID(int=51)
STAFF_OK: dict[str, object] = {
    "staff_id": ME,
    "roles": frozenset({Role.VEILEDER}),
    "fte_percent": 100,
    "leader_share_percent": 0,
    "authorisations": (),
    "absences": (),
}


@pytest.mark.parametrize(
    ("case", "changes", "expected"),
    [
        ("plain veileder", {}, {}),
        ("half leader", {"roles": frozenset({Role.LEADER, Role.VEILEDER}), "leader_share_percent": 50}, {}),
        ("no roles", {"roles": frozenset()}, {"roles": "at least one role"}),
        ("zero FTE", {"fte_percent": 0}, {"fte_percent": "1 to 100"}),
        ("too much FTE", {"fte_percent": 101}, {"fte_percent": "1 to 100"}),
        (
            "leader share without leader role",
            {"leader_share_percent": 20},
            {"leader_share_percent": "leader role"},
        ),
        (
            "leader share above 100",
            {"roles": frozenset({Role.LEADER}), "leader_share_percent": 120},
            {"leader_share_percent": "0 to 100"},
        ),
        ("state side", {"authorisations": (AuthorisationEntry(Side.STATE),)}, {}),
        (
            "state side per municipality",
            {"authorisations": (AuthorisationEntry(Side.STATE, GOL),)},
            {"authorisations": "per office"},
        ),
        ("municipal, all services", {"authorisations": (AuthorisationEntry(Side.MUNICIPAL, GOL),)}, {}),
        (
            "municipal without municipality",
            {"authorisations": (AuthorisationEntry(Side.MUNICIPAL, None, "kvp"),)},
            {"authorisations": "needs a municipality"},
        ),
        ("closed area named", {"authorisations": (AuthorisationEntry(Side.CLOSED, HOL, "barnevern"),)}, {}),
        (
            "closed area, all services",
            {"authorisations": (AuthorisationEntry(Side.CLOSED, HOL),)},
            {"authorisations": "closed area"},
        ),
        (
            "twice",
            {"authorisations": (AuthorisationEntry(Side.MUNICIPAL, GOL, "kvp"),) * 2},
            {"authorisations": "twice"},
        ),
        (
            "absence with deputy",
            {"absences": (AbsenceEntry(date(2026, 7, 1), date(2026, 7, 21), DEPUTY),)},
            {},
        ),
        ("one-day absence", {"absences": (AbsenceEntry(date(2026, 7, 1), date(2026, 7, 1)),)}, {}),
        (
            "absence ends before it starts",
            {"absences": (AbsenceEntry(date(2026, 7, 2), date(2026, 7, 1)),)},
            {"absences": "before the first"},
        ),
        (
            "own deputy",
            {"absences": (AbsenceEntry(date(2026, 7, 1), date(2026, 7, 2), ME),)},
            {"absences": "own deputy"},
        ),
        (
            "overlapping absences",
            {
                "absences": (
                    AbsenceEntry(date(2026, 7, 1), date(2026, 7, 10)),
                    AbsenceEntry(date(2026, 7, 10), date(2026, 7, 12)),
                )
            },
            {"absences": "overlap"},
        ),
    ],
)
def test_staff_rules(english: None, case: str, changes: dict[str, object], expected: dict[str, str]) -> None:
    errors = staff_errors(**{**STAFF_OK, **changes})  # type: ignore[arg-type]
    assert set(errors) == set(expected), case
    for field, fragment in expected.items():
        assert fragment in errors[field], case
