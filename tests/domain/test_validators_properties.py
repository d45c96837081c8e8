"""Every validator, fed random and hostile values, either accepts a value that can be stored as it is or
answers with a message for the user; none of them ever raises."""

from __future__ import annotations

import random
import uuid
from datetime import date, time, timedelta

from hostile_input import dates, digits_text, hostile_text
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from navdesk.domain import fnr, org_rules, validators
from navdesk.domain.codes import Role, Side
from navdesk.domain.org_rules import AbsenceEntry, AgreementTerms, AuthorisationEntry, OfficeDayEntry, Opening

EXAMPLES = settings(max_examples=60, deadline=None)
TODAY = date(2026, 3, 2)


def is_message(answer: object) -> bool:
    return isinstance(answer, str) and answer.strip() != ""


def storable(text: str) -> bool:
    """Text every supported database keeps exactly: UTF-8 encodable, no NUL, no control characters."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not validators.has_control_characters(text)


@EXAMPLES
@given(hostile_text, st.integers(min_value=1, max_value=300))
def test_required_and_optional_accept_only_storable_one_line_text(value: str, max_length: int) -> None:
    for answer, may_be_empty in (
        (validators.required(value, max_length), False),
        (validators.optional(value, max_length), True),
    ):
        if answer is None:
            text = value.strip()
            assert len(text) <= max_length and storable(text)
            assert may_be_empty or text
        else:
            assert is_message(answer)


@EXAMPLES
@given(st.one_of(digits_text, hostile_text))
def test_municipality_numbers_are_four_ascii_digits(value: str) -> None:
    answer = validators.municipality_number(value)
    text = value.strip()
    if answer is None:
        assert len(text) == 4 and text.isascii() and text.isdigit()
    else:
        assert is_message(answer)
        assert not (len(text) == 4 and text.isascii() and text.isdigit())


@EXAMPLES
@given(hostile_text)
def test_codes_and_logins_are_plain_letters_and_digits(value: str) -> None:
    text = value.strip()
    for check, letters in (
        (validators.office_code, "ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789"),
        (validators.login, "abcdefghijklmnopqrstuvwxyz0123456789._-"),
        (validators.service_code, "abcdefghijklmnopqrstuvwxyz0123456789_"),
    ):
        answer = check(value)
        if answer is None:
            assert 2 <= len(text) <= 40 and set(text) <= set(letters) and not text[0].isdigit()
        else:
            assert is_message(answer)


@EXAMPLES
@given(
    st.one_of(hostile_text, st.emails(), st.builds(lambda a, b: f"{a}@{b}.no", hostile_text, hostile_text))
)
def test_email_addresses_accepted_are_one_storable_address(value: str) -> None:
    answer = validators.email(value)
    text = value.strip()
    if answer is None:
        if text:
            assert text.count("@") == 1 and len(text) <= 120 and storable(text)
            assert not any(ch.isspace() for ch in text)
    else:
        assert is_message(answer)


@EXAMPLES
@given(hostile_text, hostile_text, st.sampled_from(["", "leder", "kommune"]))
def test_new_passwords_are_long_enough_repeated_and_hashable(password: str, other: str, login: str) -> None:
    for repeated in (password, other):
        answer = validators.new_password(password, repeated, login_name=login)
        if answer is None:
            assert len(password) >= validators.MIN_PASSWORD_LENGTH and repeated == password
            password.encode("utf-8")  # the hash is made of these bytes
            assert password.lower() != login.lower()
        else:
            assert is_message(answer)


@EXAMPLES
@given(st.one_of(st.none(), dates), st.one_of(st.none(), dates))
def test_a_date_range_is_refused_only_when_it_ends_before_it_starts(
    starts: date | None, ends: date | None
) -> None:
    answer = validators.date_range(starts, ends)
    backwards = starts is not None and ends is not None and ends < starts
    assert (answer is not None) == backwards
    assert answer is None or is_message(answer)


@EXAMPLES
@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(-200, 200), st.integers(-200, 200))
def test_numbers_outside_their_range_are_refused(value: int, low: int, high: int) -> None:
    assert (validators.percent(value) is None) == (0 <= value <= 100)
    assert (validators.whole_number(value, low, high) is None) == (low <= value <= high)


@EXAMPLES
@given(st.one_of(digits_text, hostile_text), st.booleans())
def test_a_fodselsnummer_is_parsed_to_eleven_ascii_digits_or_refused(
    text: str, allow_synthetic: bool
) -> None:
    try:
        parsed = fnr.parse(text, allow_synthetic=allow_synthetic, today=TODAY)
    except fnr.InvalidFnr as refused:
        assert is_message(str(refused))
        return
    assert parsed.number == fnr.compact(text)
    assert len(parsed.number) == 11 and parsed.number.isascii() and parsed.number.isdigit()
    assert parsed.birth_date <= TODAY
    assert parsed.is_synthetic == fnr.is_synthetic(parsed.number)
    assert allow_synthetic or not parsed.is_synthetic


@EXAMPLES
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.booleans(),
    st.integers(0, 2**32),
    st.sampled_from(["", " ", ".", "-"]),
)
def test_synthetic_numbers_parse_back_however_they_are_spaced(
    birth: date, d_number: bool, seed: int, separator: str
) -> None:
    number = fnr.make_synthetic(birth, random.Random(seed), d_number=d_number)
    typed = separator.join((number[:6], number[6:]))
    parsed = fnr.parse(f" {typed} ", allow_synthetic=True, today=TODAY)
    assert (parsed.number, parsed.birth_date, parsed.is_d_number, parsed.is_synthetic) == (
        number,
        birth,
        d_number,
        True,
    )
    try:
        fnr.parse(number, allow_synthetic=False, today=TODAY)
    except fnr.InvalidFnr as refused:
        assert is_message(str(refused))
    else:
        raise AssertionError("a synthetic number was taken for a real one")


# --- org_rules ------------------------------------------------------------------------------------------

small_dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 2, 28))
times = st.times(min_value=time(6), max_value=time(20)).map(lambda t: t.replace(second=0, microsecond=0))
weekdays = st.integers(min_value=-2, max_value=8)
some_ids = st.sampled_from([uuid.UUID(int=n) for n in range(1, 5)])


@EXAMPLES
@given(small_dates, st.one_of(st.none(), small_dates), small_dates, st.one_of(st.none(), small_dates))
def test_periods_overlap_exactly_when_they_share_a_day(
    a_from: date, a_to: date | None, b_from: date, b_to: date | None
) -> None:
    horizon = date(2025, 3, 31)

    def days(start: date, end: date | None) -> set[date]:
        last = end if end is not None else horizon
        return {start + timedelta(days=n) for n in range((last - start).days + 1)}

    assume((a_to is None or a_to >= a_from) and (b_to is None or b_to >= b_from))
    shared = bool(days(a_from, a_to) & days(b_from, b_to))
    assert org_rules.periods_overlap(a_from, a_to, b_from, b_to) == shared
    assert org_rules.periods_overlap(b_from, b_to, a_from, a_to) == shared


@EXAMPLES
@given(st.lists(st.builds(Opening, weekdays, times, times), max_size=6))
def test_accepted_opening_hours_are_real_weekdays_forward_and_apart(openings: list[Opening]) -> None:
    answer = org_rules.opening_hours_error(openings)
    if answer is not None:
        assert is_message(answer)
        return
    for opening in openings:
        assert 0 <= opening.weekday <= 6 and opening.opens < opening.closes
    for first in openings:
        for second in openings:
            if first is not second and first.weekday == second.weekday:
                assert first.closes <= second.opens or second.closes <= first.opens


@EXAMPLES
@given(
    st.lists(
        st.builds(OfficeDayEntry, st.one_of(st.none(), some_ids), weekdays, times, times, hostile_text),
        max_size=5,
    )
)
def test_accepted_office_days_name_a_place_and_storable_text(days: list[OfficeDayEntry]) -> None:
    answer = org_rules.office_days_error(days)
    if answer is not None:
        assert is_message(answer)
        return
    for day in days:
        assert day.municipality_id is not None and 0 <= day.weekday <= 6 and day.opens < day.closes
        assert len(day.location.strip()) <= 200 and storable(day.location.strip())


coverage = st.frozensets(
    st.tuples(some_ids, st.sampled_from(["kvp", "oko_stonad", "unknown_code"])), max_size=4
)
agreements = st.builds(
    AgreementTerms,
    st.one_of(st.none(), some_ids),
    hostile_text,
    st.one_of(st.none(), some_ids),
    small_dates,
    st.one_of(st.none(), small_dates),
    coverage,
)


@EXAMPLES
@given(agreements, st.lists(agreements, max_size=3))
def test_host_agreements_are_refused_field_by_field_with_messages(
    terms: AgreementTerms, others: list[AgreementTerms]
) -> None:
    names = {uuid.UUID(int=n): f"Kommune {n}" for n in range(1, 5)}
    errors = org_rules.host_agreement_errors(
        terms, others, names, {"kvp": "KVP", "oko_stonad": "Økonomisk stønad"}
    )
    assert all(is_message(message) for message in errors.values())
    assert ("name" in errors) == (validators.required(terms.name, 150) is not None)
    assert ("host" in errors) == (terms.host_id is None)
    if terms.host_id is not None and terms.host_id in terms.member_ids:
        assert "coverage" in errors


authorisations = st.builds(
    AuthorisationEntry,
    st.sampled_from(list(Side)),
    st.one_of(st.none(), some_ids),
    st.sampled_from(["", "kvp", "barnevern"]),
)
absences = st.builds(AbsenceEntry, small_dates, small_dates, st.one_of(st.none(), some_ids), hostile_text)


@EXAMPLES
@given(
    st.one_of(st.none(), some_ids),
    st.frozensets(st.sampled_from(list(Role))),
    st.integers(-50, 150),
    st.integers(-50, 150),
    st.lists(authorisations, max_size=4),
    st.lists(absences, max_size=3),
)
def test_staff_rules_answer_with_messages_for_any_input(
    staff_id: uuid.UUID | None,
    roles: frozenset[Role],
    fte: int,
    leader_share: int,
    entries: list[AuthorisationEntry],
    away: list[AbsenceEntry],
) -> None:
    errors = org_rules.staff_errors(
        staff_id=staff_id,
        roles=roles,
        fte_percent=fte,
        leader_share_percent=leader_share,
        authorisations=entries,
        absences=away,
    )
    assert all(is_message(message) for message in errors.values())
    assert ("fte_percent" in errors) == not_between(fte, 1, 100)
    if staff_id is not None and any(a.deputy_id == staff_id for a in away):
        assert "absences" in errors
    if "absences" not in errors:
        for absence in away:
            assert absence.starts <= absence.ends and storable(absence.reason.strip())


def not_between(value: int, low: int, high: int) -> bool:
    return not low <= value <= high
