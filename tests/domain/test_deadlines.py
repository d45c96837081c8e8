"""The deadline engine and the working-day calendar, as tables."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.domain.codes import Side
from navdesk.domain.deadlines import (
    ActivityFacts,
    CaseFacts,
    DeadlineRules,
    DueKind,
    KvpFacts,
    PersonDeadlineFacts,
    PlanRevisionFacts,
    ReminderFacts,
    RuleBook,
    RuleOverride,
    Severity,
    complaint_deadline,
    complaint_in_time,
    due_items,
    interim_reply_due,
    months_cutoff,
    processing_deadline,
)
from navdesk.domain.workdays import (
    add_months,
    add_working_days,
    easter_sunday,
    is_working_day,
    next_working_day,
    public_holidays,
    working_days_between,
)

GOL, HEMSEDAL = uuid.UUID(int=1), uuid.UUID(int=2)
GOL_OFFICE, OTHER_OFFICE = uuid.UUID(int=10), uuid.UUID(int=11)
PERSON, CASE, OTHER = uuid.UUID(int=100), uuid.UUID(int=200), uuid.UUID(int=300)
DEFAULT = DeadlineRules()
BOOK = RuleBook(office_of_municipality={GOL: GOL_OFFICE, HEMSEDAL: GOL_OFFICE})


@pytest.mark.parametrize(("year", "easter"), [
    (2019, date(2019, 4, 21)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
    (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25)),
])
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_the_twelve_public_holidays_of_2026() -> None:
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6),
        date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 17), date(2026, 5, 24), date(2026, 5, 25),
        date(2026, 12, 25), date(2026, 12, 26),
    ]


@pytest.mark.parametrize(("case", "day", "expected"), [
    ("a Monday is a working day", date(2026, 3, 2), date(2026, 3, 2)),
    ("Saturday moves to Monday", date(2026, 3, 7), date(2026, 3, 9)),
    ("skjærtorsdag moves past Easter to Tuesday", date(2026, 4, 2), date(2026, 4, 7)),
    ("1 May on a Friday moves to Monday", date(2026, 5, 1), date(2026, 5, 4)),
    ("17 May on a Sunday moves to Monday", date(2026, 5, 17), date(2026, 5, 18)),
    ("Christmas Day moves past Boxing Day and the weekend", date(2026, 12, 25), date(2026, 12, 28)),
])
def test_next_working_day(case: str, day: date, expected: date) -> None:
    assert next_working_day(day) == expected, case


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 3, 2), 0, date(2026, 3, 2)),
    (date(2026, 3, 7), 0, date(2026, 3, 9)),
    (date(2026, 3, 2), 5, date(2026, 3, 9)),
    (date(2026, 3, 30), 10, date(2026, 4, 16)),  # over Easter: four holidays skipped
    (date(2026, 12, 23), 2, date(2026, 12, 28)),
])
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected
    if days:
        assert working_days_between(start, expected) == days


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 5, 31), -3, date(2026, 2, 28)),
    (date(2026, 3, 15), -14, date(2025, 1, 15)),
])
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("case", "received", "rules", "expected"), [
    ("two weeks to a Monday", date(2026, 3, 2), DEFAULT, date(2026, 3, 16)),
    ("two weeks ending on skjærtorsdag", date(2026, 3, 19), DEFAULT, date(2026, 4, 7)),
    ("ten working days over Easter", date(2026, 3, 30),
     DeadlineRules(processing_days=10, processing_in_working_days=True), date(2026, 4, 16)),
    ("midlertidig botilbud the next day", date(2026, 3, 6), DeadlineRules(processing_days=1), date(2026, 3, 9)),
])
def test_processing_deadline(case: str, received: date, rules: DeadlineRules, expected: date) -> None:
    assert processing_deadline(received, rules) == expected, case


@pytest.mark.parametrize(("case", "received", "rules", "expected"), [
    ("a month, moved off a Saturday", date(2026, 1, 31), DEFAULT, date(2026, 3, 2)),
    ("a month to a weekday", date(2026, 3, 10), DEFAULT, date(2026, 4, 10)),
    ("known to take longer: as soon as possible", date(2026, 1, 31), DeadlineRules(processing_days=45),
     date(2026, 2, 9)),
])
def test_interim_reply_due(case: str, received: date, rules: DeadlineRules, expected: date) -> None:
    assert interim_reply_due(received, rules) == expected, case


@pytest.mark.parametrize(("decided", "expected"), [
    (date(2026, 4, 27), date(2026, 5, 18)),
    (date(2026, 4, 26), date(2026, 5, 18)),  # 17 May, a Sunday
    (date(2026, 4, 10), date(2026, 5, 4)),  # 1 May, a Friday
    (date(2026, 3, 2), date(2026, 3, 23)),
])
def test_complaint_deadline_is_three_weeks_to_a_working_day(decided: date, expected: date) -> None:
    assert complaint_deadline(decided, DEFAULT) == expected
    assert complaint_in_time(decided, expected, DEFAULT)
    assert not complaint_in_time(decided, expected + timedelta(days=1), DEFAULT)


@pytest.mark.parametrize(("today", "months", "cutoff"), [
    (date(2026, 5, 31), 3, date(2026, 3, 1)),  # 28 Feb + 3 months = 28 May: already three months
    (date(2026, 5, 15), 3, date(2026, 2, 15)),
    (date(2026, 3, 1), 1, date(2026, 2, 1)),
    (date(2026, 3, 31), 1, date(2026, 3, 1)),
])
def test_months_cutoff(today: date, months: int, cutoff: date) -> None:
    assert months_cutoff(today, months) == cutoff
    assert add_months(cutoff, months) >= today
    assert add_months(cutoff - timedelta(days=1), months) < today


def case(**values: object) -> CaseFacts:
    base: dict[str, object] = {"case_id": CASE, "side": Side.MUNICIPAL, "service_code": "oko_stonad",
                               "status": CaseStatus.IN_PROGRESS, "municipality_id": GOL,
                               "received_on": date(2026, 3, 2)}
    base.update(values)
    return CaseFacts(**base)  # type: ignore[arg-type]


def person(**values: object) -> PersonDeadlineFacts:
    base: dict[str, object] = {"person_id": PERSON, "residence_municipality_id": GOL}
    base.update(values)
    return PersonDeadlineFacts(**base)  # type: ignore[arg-type]


def due(facts: PersonDeadlineFacts, today: date, book: RuleBook = BOOK) -> list[tuple[str, date, str, str]]:
    return [(item.kind.value, item.due_on, item.severity.value, item.detail) for item in due_items(facts, book, today)]


P, IR, CD, CH = "processing", "interim_reply", "complaint_deadline", "complaint_handling"
OVER, SOON, LATER = "overdue", "due_soon", "upcoming"
SICK = CaseFacts(CASE, Side.STATE, "sykefravaer", CaseStatus.ACTIVE, starts_on=date(2026, 1, 5))
AAP_CASE = CaseFacts(CASE, Side.STATE, "aap", CaseStatus.ACTIVE, starts_on=date(2025, 5, 1), ends_on=date(2026, 5, 1))
KVP_CASE = case(service_code="kvp", status=CaseStatus.DECIDED, outcome=Outcome.GRANTED, decided_on=date(2025, 6, 2),
                starts_on=date(2025, 6, 2), ends_on=date(2026, 6, 1))

ENGINE_TABLE: list[tuple[str, PersonDeadlineFacts, date, list[tuple[str, date, str, str]]]] = [
    ("new application: processing and interim reply upcoming",
     person(cases=(case(),)), date(2026, 3, 3), [(P, date(2026, 3, 16), LATER, ""), (IR, date(2026, 4, 7), LATER, "")]),
    ("processing due soon", person(cases=(case(),)), date(2026, 3, 10),
     [(P, date(2026, 3, 16), SOON, ""), (IR, date(2026, 4, 7), LATER, "")]),
    ("over the processing deadline", person(cases=(case(),)), date(2026, 3, 17),
     [(P, date(2026, 3, 16), OVER, ""), (IR, date(2026, 4, 7), LATER, "")]),
    ("interim reply sent: only the processing deadline remains",
     person(cases=(case(interim_reply_sent_on=date(2026, 3, 20)),)), date(2026, 3, 30),
     [(P, date(2026, 3, 16), OVER, "")]),
    ("a stored deadline wins over the rules", person(cases=(case(processing_deadline=date(2026, 3, 20)),)),
     date(2026, 3, 17), [(P, date(2026, 3, 20), SOON, ""), (IR, date(2026, 4, 7), LATER, "")]),
    ("decided in full: nothing due", person(cases=(case(status=CaseStatus.DECIDED, outcome=Outcome.GRANTED,
                                                        decided_on=date(2026, 3, 9)),)), date(2026, 3, 10), []),
    ("refused: the complaint deadline runs", person(cases=(case(status=CaseStatus.DECIDED, outcome=Outcome.REFUSED,
                                                                decided_on=date(2026, 3, 9)),)),
     date(2026, 3, 10), [(CD, date(2026, 3, 30), LATER, "")]),
    ("refused: the complaint deadline's last day", person(cases=(case(
        status=CaseStatus.DECIDED, outcome=Outcome.REFUSED, decided_on=date(2026, 3, 9)),)),
     date(2026, 3, 30), [(CD, date(2026, 3, 30), SOON, "")]),
    ("refused: the complaint deadline has run out", person(cases=(case(
        status=CaseStatus.DECIDED, outcome=Outcome.REFUSED, decided_on=date(2026, 3, 9)),)), date(2026, 3, 31), []),
    ("complaint received: to prepare within three weeks", person(cases=(case(
        status=CaseStatus.APPEALED, outcome=Outcome.REFUSED, decided_on=date(2026, 3, 9),
        complaint_received_on=date(2026, 3, 20)),)), date(2026, 4, 14), [(CH, date(2026, 4, 10), OVER, "")]),
    ("complaint sent to Statsforvalteren: nothing due", person(cases=(case(
        status=CaseStatus.APPEALED, outcome=Outcome.REFUSED, decided_on=date(2026, 3, 9),
        complaint_received_on=date(2026, 3, 20), sent_to_statsforvalteren_on=date(2026, 4, 1)),)),
     date(2026, 4, 14), []),
    ("a closed case is never due", person(cases=(case(closed=True),)), date(2026, 3, 17), []),
    ("KVP decision ends in 50 days", person(cases=(KVP_CASE,)), date(2026, 4, 12), [("kvp_end", date(2026, 6, 1),
                                                                                   LATER, "")]),
    ("KVP decision ends in 61 days: not yet", person(cases=(KVP_CASE,)), date(2026, 4, 1), []),
    ("KVP programme replaces the decision it names",
     person(cases=(KVP_CASE,), kvp=(KvpFacts(OTHER, date(2026, 7, 1), municipality_id=GOL, case_id=CASE),)),
     date(2026, 5, 20), [("kvp_end", date(2026, 7, 1), LATER, "")]),
    ("an ended KVP programme is not due",
     person(kvp=(KvpFacts(OTHER, date(2026, 5, 25), ended=True, municipality_id=GOL),)), date(2026, 5, 20), []),
    ("AAP ended 10 days ago: still listed", person(cases=(AAP_CASE,)), date(2026, 5, 11),
     [("aap_end", date(2026, 5, 1), OVER, "")]),
    ("AAP ended 15 days ago: gone", person(cases=(AAP_CASE,)), date(2026, 5, 16), []),
    ("sick leave: the 12-week checkpoint", person(cases=(SICK,)), date(2026, 3, 25),
     [("sick_leave", date(2026, 3, 30), SOON, "12")]),
    ("sick leave: between the checkpoints", person(cases=(SICK,)), date(2026, 4, 20), []),
    ("sick leave: the 22-week checkpoint passed", person(cases=(SICK,)), date(2026, 6, 10),
     [("sick_leave", date(2026, 6, 8), OVER, "22")]),
    ("open activity past its end", person(activities=(ActivityFacts(OTHER, date(2026, 3, 1), True),)),
     date(2026, 3, 10), [("activity_end", date(2026, 3, 1), OVER, "")]),
    ("finished activity: nothing", person(activities=(ActivityFacts(OTHER, date(2026, 3, 1), False),)),
     date(2026, 3, 10), []),
    ("plan revision in 20 days", person(plans=(PlanRevisionFacts(OTHER, date(2026, 3, 30), GOL),)),
     date(2026, 3, 10), [("ip_revision", date(2026, 3, 30), LATER, "")]),
    ("no contact for three months", person(followed_up_since=date(2025, 6, 1), last_contact=date(2026, 1, 5)),
     date(2026, 4, 6), [("no_contact", date(2026, 4, 5), OVER, "")]),
    ("a recent contact", person(followed_up_since=date(2025, 6, 1), last_contact=date(2026, 3, 1)),
     date(2026, 4, 6), []),
    ("followed up since recently, no contact yet", person(followed_up_since=date(2026, 3, 1)), date(2026, 4, 6), []),
    ("not followed up: no contact is no deadline", person(last_contact=date(2025, 1, 1)), date(2026, 4, 6), []),
    ("reminder due tomorrow", person(reminders=(ReminderFacts(OTHER, date(2026, 4, 7)),)), date(2026, 4, 6),
     [("reminder", date(2026, 4, 7), SOON, "")]),
    ("done reminder", person(reminders=(ReminderFacts(OTHER, date(2026, 4, 1), done=True),)), date(2026, 4, 6), []),
]


@pytest.mark.parametrize(("case_name", "facts", "today", "expected"), ENGINE_TABLE, ids=[r[0] for r in ENGINE_TABLE])
def test_due_items(case_name: str, facts: PersonDeadlineFacts, today: date,
                   expected: list[tuple[str, date, str, str]]) -> None:
    assert due(facts, today) == expected


def test_due_items_carry_what_the_policy_judges() -> None:
    (item, _interim) = due_items(person(cases=(case(),)), BOOK, date(2026, 3, 17))
    assert (item.side, item.municipality_id, item.service_code, item.source_id) == (Side.MUNICIPAL, GOL,
                                                                                     "oko_stonad", CASE)
    assert item.access_item() is not None and item.access_item().responsible_municipality_id == GOL
    (contact,) = due_items(person(followed_up_since=date(2025, 1, 1)), BOOK, date(2026, 4, 6))
    assert contact.kind is DueKind.NO_CONTACT and contact.access_item() is None
    assert contact.severity is Severity.OVERDUE


OVERRIDES = (
    RuleOverride(None, "", (("due_soon_days", 3),)),
    RuleOverride(None, "oko_stonad", (("processing_days", 10),)),
    RuleOverride(GOL_OFFICE, "", (("no_contact_months", 2), ("due_soon_days", 5))),
    RuleOverride(GOL_OFFICE, "oko_stonad", (("processing_days", 7),)),
)
BOOK_WITH = RuleBook(catalogue_days={(GOL, "kvp"): 30, (HEMSEDAL, "oko_stonad"): 21}, overrides=OVERRIDES,
                     office_of_municipality={GOL: GOL_OFFICE, HEMSEDAL: GOL_OFFICE})
ELSEWHERE = uuid.UUID(int=3)


@pytest.mark.parametrize(("municipality", "service", "expected"), [
    (ELSEWHERE, "", {"processing_days": 14, "due_soon_days": 3, "no_contact_months": 3}),
    (ELSEWHERE, "oko_stonad", {"processing_days": 10, "due_soon_days": 3, "no_contact_months": 3}),
    (GOL, "", {"processing_days": 14, "due_soon_days": 5, "no_contact_months": 2}),
    (GOL, "kvp", {"processing_days": 30, "due_soon_days": 5, "no_contact_months": 2}),
    (HEMSEDAL, "oko_stonad", {"processing_days": 7, "due_soon_days": 5, "no_contact_months": 2}),
    (GOL, "oko_stonad", {"processing_days": 7, "due_soon_days": 5, "no_contact_months": 2}),
])
def test_rule_book_precedence(municipality: uuid.UUID, service: str, expected: dict[str, int]) -> None:
    rules = BOOK_WITH.rules(municipality, service)
    assert {key: getattr(rules, key) for key in expected} == expected


def test_an_office_rule_changes_the_items() -> None:
    facts = person(followed_up_since=date(2025, 1, 1), last_contact=date(2026, 2, 1))
    assert due(facts, date(2026, 4, 6)) == []
    assert due(facts, date(2026, 4, 6), BOOK_WITH) == [("no_contact", date(2026, 4, 1), OVER, "")]


def test_every_weekend_day_is_not_a_working_day() -> None:
    day = date(2026, 1, 1)
    while day.year == 2026:
        if day.weekday() >= 5:
            assert not is_working_day(day)
        day += timedelta(days=1)
