"""The plan rules: the status moves and locks of an activity (as a table), the activity types' own fields,
the overdue rule, the KVP programme period, and what an individual plan must hold and when it is revised."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

import pytest

from navdesk.domain import plans
from navdesk.domain.plans import (
    ActivityStatus,
    ActivityType,
    Interruption,
    IpContent,
    IpItem,
    IpStatus,
    KvpEndReason,
    KvpStatus,
    WeekRow,
)

F, P, G, D, A = (ActivityStatus.FORSLAG, ActivityStatus.PLANLAGT, ActivityStatus.GJENNOMFORES,
                 ActivityStatus.FULLFORT, ActivityStatus.AVBRUTT)
OK, SAME, NO, LOCKED = "ok", "same", "not allowed", "locked"

# Every move between two statuses, and what the rules say about it. Cancelling is given a reason here;
# what happens without one is tested below.
MOVES: list[tuple[ActivityStatus, ActivityStatus, str]] = [
    (F, F, SAME), (F, P, OK), (F, G, OK), (F, D, NO), (F, A, OK),
    (P, F, NO), (P, P, SAME), (P, G, OK), (P, D, OK), (P, A, OK),
    (G, F, NO), (G, P, OK), (G, G, SAME), (G, D, OK), (G, A, OK),
    (D, F, LOCKED), (D, P, LOCKED), (D, G, LOCKED), (D, D, LOCKED), (D, A, LOCKED),
    (A, F, LOCKED), (A, P, LOCKED), (A, G, LOCKED), (A, D, LOCKED), (A, A, LOCKED),
]


@pytest.mark.parametrize(("current", "target", "outcome"), MOVES, ids=[f"{c}-{t}" for c, t, _o in MOVES])
def test_status_moves_and_locks(english: None, current: ActivityStatus, target: ActivityStatus,
                                outcome: str) -> None:
    errors = plans.transition_errors(current, target, "Bruker ble syk.")
    if outcome == OK:
        assert errors == {}
        assert plans.may_move(current, target)
    elif outcome == LOCKED:
        assert errors == {"status": "A completed or cancelled activity can no longer be changed. "
                                    "Create a new activity instead."}
        assert plans.is_locked(current)
    elif outcome == SAME:
        assert errors == {"status": "The activity already has this status."}
    else:
        assert errors["status"].startswith("An activity cannot be moved from")
        assert not plans.may_move(current, target)


def test_the_table_covers_every_pair_of_statuses() -> None:
    assert {(c, t) for c, t, _o in MOVES} == {(c, t) for c in ActivityStatus for t in ActivityStatus}


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_asks_why(english: None, reason: str) -> None:
    assert plans.transition_errors(P, A, reason) == {"reason": "Say why the activity is cancelled."}


@pytest.mark.parametrize(("status", "to_date", "overdue"), [
    (P, date(2025, 2, 28), True),
    (G, date(2025, 2, 28), True),
    (F, date(2025, 2, 28), True),
    (P, date(2025, 3, 1), False),  # due today is not yet overdue
    (G, None, False),  # no end date, never overdue
    (D, date(2025, 2, 1), False),
    (A, date(2025, 2, 1), False),
])
def test_an_open_activity_past_its_end_date_is_overdue(status: ActivityStatus, to_date: date | None,
                                                       overdue: bool) -> None:
    assert plans.is_overdue(status, to_date, date(2025, 3, 1)) is overdue


def test_a_job_application_needs_employer_and_title_and_knows_its_labels(english: None) -> None:
    cleaned, errors = plans.validate_activity(ActivityType.STILLING, "Kokk", date(2025, 3, 1), date(2025, 3, 14),
                                              {"employer": "  ", "label": "ansatt", "salary": "500 000"})
    assert errors == {"employer": "This field is required.", "job_title": "This field is required.",
                      "label": "Choose one of the options.",
                      "salary": "This field does not belong to this kind of activity."}
    cleaned, errors = plans.validate_activity(
        ActivityType.STILLING, "Kokk", date(2025, 3, 1), date(2025, 3, 14),
        {"employer": " Geilo Hotell ", "job_title": "Kokk", "label": "innkalt_til_intervju", "contact": ""})
    assert errors == {}
    assert cleaned == {"employer": "Geilo Hotell", "job_title": "Kokk", "label": "innkalt_til_intervju"}


def test_each_type_has_its_own_fields() -> None:
    names = {kind: {spec.name for spec in plans.ACTIVITY_FIELDS[kind]} for kind in ActivityType}
    assert {"employer", "job_title", "workplace", "contact", "label"} <= names[ActivityType.STILLING]
    assert {"time", "place", "channel", "preparations", "minutes"} <= names[ActivityType.MOTE]
    assert {"per_week", "in_total"} <= names[ActivityType.SOKEAVTALE]
    assert {"kind", "place"} <= names[ActivityType.BEHANDLING]
    assert "provider" in names[ActivityType.TILTAK]


@pytest.mark.parametrize(("kind", "details", "errors"), [
    (ActivityType.SOKEAVTALE, {"per_week": "5", "in_total": "3"},
     {"in_total": "The total cannot be smaller than the number per week."}),
    (ActivityType.SOKEAVTALE, {"per_week": "fem"}, {"per_week": "A whole number from 1 to 50."}),
    (ActivityType.MOTE, {"time": "25:00", "channel": "oppmote"}, {"time": "A time like 09:30."}),
    (ActivityType.MOTE, {"time": "09:30", "channel": "brev"}, {"channel": "Choose one of the options."}),
    (ActivityType.SAMTALEREFERAT, {"channel": "telefon"}, {"minutes": "This field is required."}),
])
def test_the_type_fields_are_checked(english: None, kind: ActivityType, details: dict[str, object],
                                     errors: dict[str, str]) -> None:
    assert plans.validate_activity(kind, "Tittel", date(2025, 3, 1), date(2025, 3, 1), details)[1] == errors


def test_dates_are_required_by_type_and_must_be_in_order(english: None) -> None:
    _cleaned, errors = plans.validate_activity(ActivityType.EGENAKTIVITET, "", None, None, {})
    assert errors == {"title": "This field is required.", "from_date": "This field is required.",
                      "to_date": "This field is required."}
    _cleaned, errors = plans.validate_activity(ActivityType.EGENAKTIVITET, "CV", date(2025, 3, 2),
                                               date(2025, 3, 1), {})
    assert errors == {"to_date": "The end date is before the start date."}
    # A job one has may go on without an end date; a meeting is one day.
    assert plans.validate_activity(ActivityType.I_JOBB, "Jobb", date(2025, 3, 1), None,
                                   {"employer": "Kiwi", "extent": "deltid"})[1] == {}


def test_a_conversation_summary_is_recorded_as_completed_by_nav() -> None:
    assert plans.INITIAL_STATUSES[ActivityType.SAMTALEREFERAT] == {D}
    assert ActivityType.SAMTALEREFERAT in plans.NAV_ONLY_TYPES
    assert plans.INITIAL_STATUSES[ActivityType.STILLING] == {F, P, G}


# KVP ---------------------------------------------------------------------------------------------

START = date(2025, 1, 6)


@pytest.mark.parametrize(("planned_end", "reason", "errors"), [
    (date(2026, 1, 5), "", {}),  # one year
    (date(2027, 1, 5), "", {}),  # the last day of two years
    (date(2027, 1, 6), "", {"special_reason": "A programme longer than two years needs a recorded special "
                                              "reason."}),
    (date(2027, 1, 6), "Langvarig sykdom i programmet", {}),
    (date(2028, 1, 5), "Langvarig sykdom i programmet", {}),  # three years with a special reason
    (date(2028, 1, 6), "Langvarig sykdom i programmet",
     {"planned_end_on": "A programme lasts at most three years: two, and a third only for special reasons. "
                        "Time interrupted is not counted."}),
    (date(2025, 1, 5), "", {"planned_end_on": "The end date is before the start date."}),
])
def test_a_programme_lasts_two_years_and_a_third_only_for_a_special_reason(
        english: None, planned_end: date, reason: str, errors: dict[str, str]) -> None:
    assert plans.kvp_period_errors(START, planned_end, reason) == errors


def test_time_interrupted_is_not_counted() -> None:
    sick = Interruption(date(2025, 6, 1), date(2025, 6, 30), "Sykdom")
    assert plans.ordinary_end(START) == date(2027, 1, 5)
    assert plans.ordinary_end(START, [sick]) == date(2027, 2, 4)
    assert plans.kvp_period_errors(START, date(2027, 2, 4), "", [sick]) == {}
    assert plans.days_in_programme(START, [sick], date(2025, 7, 1)) == (date(2025, 7, 1) - START).days + 1 - 30


def test_interruptions_lie_in_the_period_one_at_a_time(english: None) -> None:
    end = date(2026, 1, 5)
    assert plans.interruption_errors(date(2024, 12, 1), "Sykdom", START, end, []) == {
        "starts_on": "The interruption must start within the programme period."}
    still = Interruption(date(2025, 3, 1), None)
    assert plans.interruption_errors(date(2025, 4, 1), "Sykdom", START, end, [still]) == {
        "starts_on": "The programme is already interrupted. Record the re-entry first."}
    earlier = Interruption(date(2025, 3, 1), date(2025, 3, 31))
    assert plans.interruption_errors(date(2025, 3, 15), "Sykdom", START, end, [earlier]) == {
        "starts_on": "The interruption overlaps an earlier one."}
    assert plans.interruption_errors(date(2025, 4, 1), "", START, end, [earlier]) == {
        "reason": "Say why the programme is interrupted."}
    assert plans.interruption_errors(date(2025, 4, 1), "Sykdom", START, end, [earlier]) == {}
    assert plans.re_entry_errors(date(2025, 3, 1), still) == {
        "ends_on": "The re-entry must come after the interruption began."}
    assert plans.re_entry_errors(date(2025, 3, 20), still) == {}
    assert plans.re_entry_errors(date(2025, 3, 20), None) == {"ends_on": "The programme is not interrupted."}


@pytest.mark.parametrize(("today", "status"), [
    (date(2025, 1, 5), KvpStatus.NOT_STARTED),
    (date(2025, 2, 1), KvpStatus.RUNNING),
    (date(2025, 3, 10), KvpStatus.INTERRUPTED),
    (date(2025, 9, 1), KvpStatus.INTERRUPTED),  # still away: no re-entry yet
])
def test_programme_status(today: date, status: KvpStatus) -> None:
    breaks = [Interruption(date(2025, 3, 1), None)]
    assert plans.kvp_status(START, None, breaks, today) is status
    assert plans.kvp_status(START, date(2025, 8, 1), breaks, date(2025, 9, 1)) is KvpStatus.ENDED


def test_ending_needs_a_reason_and_words_for_another_reason(english: None) -> None:
    assert plans.kvp_end_errors(None, "", "", START) == {"ended_on": "This field is required.",
                                                         "reason": "Choose why the programme ends."}
    assert plans.kvp_end_errors(date(2025, 6, 1), "annet", "", START) == {
        "note": "Describe why the programme ends."}
    assert plans.kvp_end_errors(date(2025, 6, 1), "arbeid", "", START) == {}
    assert plans.kvp_end_text(KvpEndReason.WORK, "") == "KVP ended: Went into work"
    assert plans.kvp_end_text(KvpEndReason.OTHER, "Flyttet") == "KVP ended: Other reason — Flyttet"


def test_the_weekly_plan_rows_are_checked_next_to_each_cell(english: None) -> None:
    rows = [WeekRow(0, "Arbeidstrening", 7.5), WeekRow(7, "", 0.3)]
    assert plans.week_row_errors(rows) == {
        "rows.1.weekday": "Choose a weekday.", "rows.1.activity": "This field is required.",
        "rows.1.hours": "Hours in half hours, more than 0 and at most 12."}
    assert plans.week_hours(rows[:1] * 5) == plans.FULL_TIME_HOURS


# Individual plan -----------------------------------------------------------------------------------

COMPLETE = IpContent(goals=1, resources=True, needs=True, participants=3, coordinator=True, contributions=3,
                     measures=2, complete_measures=2, carried_out=True, period=True, next_revision=True,
                     plan_consent=True, participants_without_sharing_consent=0, other_services=True)


def test_a_complete_plan_misses_none_of_the_nine_items() -> None:
    assert len(IpItem) == 9
    assert plans.missing_items(COMPLETE) == ()


@pytest.mark.parametrize(("change", "missing"), [
    ({"needs": False}, IpItem.GOALS),
    ({"participants": 0, "contributions": 0}, IpItem.PARTICIPANTS),
    ({"coordinator": False}, IpItem.COORDINATOR),
    ({"contributions": 2}, IpItem.CONTRIBUTIONS),
    ({"complete_measures": 1}, IpItem.MEASURES),
    ({"carried_out": False}, IpItem.CARRIED_OUT),
    ({"next_revision": False}, IpItem.PERIOD),
    ({"participants_without_sharing_consent": 1}, IpItem.CONSENT),
    ({"plan_consent": False}, IpItem.CONSENT),
    ({"other_services": False}, IpItem.OTHER_SERVICES),
])
def test_each_missing_item_is_named(change: dict[str, object], missing: IpItem) -> None:
    content = IpContent(**{**COMPLETE.__dict__, **change})
    assert missing in plans.missing_items(content)


def test_a_revision_is_dated_and_always_sets_the_next_one(english: None) -> None:
    today = date(2025, 3, 1)
    assert plans.revision_errors(today, None, today) == {"next_revision_on": "Set the date of the next revision."}
    assert plans.revision_errors(today, today, today) == {
        "next_revision_on": "The next revision must come after this one."}
    assert plans.revision_errors(today + timedelta(days=1), date(2025, 9, 1), today) == {
        "revised_on": "A revision cannot be dated in the future."}
    assert plans.revision_errors(today, date(2025, 9, 1), today) == {}
    assert plans.plan_period_errors(today, None, None) == {
        "next_revision_on": "Set the date of the next revision."}


@pytest.mark.parametrize(("status", "next_revision", "overdue"), [
    (IpStatus.ACTIVE, date(2025, 2, 28), True),
    (IpStatus.DRAFT, date(2025, 2, 28), True),
    (IpStatus.ACTIVE, date(2025, 3, 1), False),
    (IpStatus.ENDED, date(2025, 2, 28), False),
])
def test_an_overdue_revision_is_flagged(status: IpStatus, next_revision: date, overdue: bool) -> None:
    assert plans.revision_overdue(status, next_revision, date(2025, 3, 1)) is overdue


def test_every_code_has_its_own_label_even_where_stored_values_are_shared(english: None) -> None:
    lists: list[type[StrEnum]] = [value for value in vars(plans).values()
                                  if isinstance(value, type) and issubclass(value, StrEnum)
                                  and value.__module__ == plans.__name__ and value is not plans.FieldKind]
    for kind in lists:
        for code in kind:
            assert plans.label(code)
    assert plans.label(ActivityStatus.FULLFORT) == "Completed (fullført)"
    assert plans.label(plans.PartnerKind.OTHER) == "Other"
    assert plans.label_of(ActivityStatus, "retired") == "retired"
