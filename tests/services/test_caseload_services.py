"""Assignment rules and routing, absence cover, appointments, walk-ins, reminders, saved filters, rule overrides."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from caseload_region import Region, build_region
from sqlalchemy import select

from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.services import (
    absence_cover,
    appointments,
    assignment,
    deadline_rules,
    reminders,
    saved_filters,
    walkins,
)
from navdesk.services.appointments import BookingForm
from navdesk.services.assignment import RuleDraft
from navdesk.services.deadline_rules import OverrideForm
from navdesk.services.worklist import Filter, SortKey, View, WorklistQuery
from navdesk.store.engine import Database
from navdesk.store.models import OfficeDay, Person, PersonContact, Staff, StaffAbsence

NOW = datetime(2026, 3, 2, 10, 0)  # a Monday
TODAY = NOW.date()


@pytest.fixture
def region(db: Database) -> Region:
    return build_region(db)


# --- assignment ------------------------------------------------------------------------------------------------


def test_the_rule_editor_shows_gaps_and_rules_that_never_match(region: Region) -> None:
    leder = region["leder"]
    rule = RuleDraft("Dato 1–15", region.team, region["stat"].staff_id, birth_days="1-15")
    chain = assignment.create_rule(region.db, leder, region.office, rule)
    assert chain.uncovered_text == "16-31"
    chain = assignment.create_rule(region.db, leder, region.office,
                                   RuleDraft("Dato 16–30", region.team, region["msando"].staff_id, birth_days="16-30"))
    chain = assignment.create_rule(region.db, leder, region.office,
                                   RuleDraft("Hemsedal 1–10", region.team, None, birth_days="1-10",
                                             municipality_ids=frozenset({region.hemsedal})))
    assert chain.uncovered_days == (31,)
    assert [(r.draft.name, r.never_matches, r.shadowed_by) for r in chain.rules] == [
        ("Dato 1–15", False, ()), ("Dato 16–30", False, ()), ("Hemsedal 1–10", True, ("Dato 1–15",))]
    moved = assignment.move_rule(region.db, leder, chain.rules[2].id, 1)
    assert [r.draft.name for r in moved.rules] == ["Hemsedal 1–10", "Dato 1–15", "Dato 16–30"]
    assert not any(r.never_matches for r in moved.rules)


def test_rules_are_validated_and_only_managers_edit_them(region: Region, english: None) -> None:
    with pytest.raises(NotAllowed):
        assignment.create_rule(region.db, region["stat"], region.office, RuleDraft("x", region.team, None))
    with pytest.raises(ValidationFailed) as failure:
        assignment.create_rule(region.db, region["leder"], region.office,
                               RuleDraft("", None, region["gjeld"].staff_id, min_age=40, max_age=30, birth_days="0-5",
                                         municipality_ids=frozenset({region.aal})))
    assert set(failure.value.errors) == {"name", "max_age", "birth_days", "municipality_ids"}


def test_a_new_person_is_routed_by_the_first_matching_rule(region: Region) -> None:
    leder = region["leder"]
    assignment.create_rule(region.db, leder, region.office,
                           RuleDraft("Dato 1–15", region.team, region["stat"].staff_id, birth_days="1-15"))
    assignment.create_rule(region.db, leder, region.office,
                           RuleDraft("Resten", region.team, region["kommune"].staff_id))
    early = region.person(region.gol, day=3)
    late = region.person(region.gol, day=20)
    assert assignment.route_person(region.db, leder, early, now=NOW).staff_id == region["stat"].staff_id
    routed = assignment.route_person(region.db, leder, late, now=NOW)
    assert routed is not None and routed.rule_name == "Resten" and routed.team_id == region.team
    # Already owned: left alone.
    assert assignment.route_person(region.db, leder, early, now=NOW) is None


def test_routing_never_gives_a_person_to_a_veileder_the_policy_refuses(region: Region) -> None:
    leder = region["leder"]
    # kommune serves Hemsedal only for the services in the host agreement; gjeld is not one of them.
    with region.db.session() as session:
        session.execute(PersonContact.__table__.delete())
    assignment.create_rule(region.db, leder, region.office, RuleDraft("Alle", region.team, region["stat"].staff_id))
    person = region.person(region.hemsedal, day=4)
    with region.db.session() as session:
        session.get_one(Staff, region["stat"].staff_id).active = False
    routed = assignment.route_person(region.db, leder, person, now=NOW)
    assert routed is not None and routed.staff_id is None and routed.team_id == region.team


# --- absence cover ---------------------------------------------------------------------------------------------


def test_a_leader_moves_many_people_with_a_preview(region: Region, english: None) -> None:
    leder = region["leder"]
    gol = [region.person(region.gol, contact="stat", day=d) for d in (1, 2)]
    hemsedal = region.person(region.hemsedal, contact="stat", day=3)
    people = absence_cover.caseload(region.db, leder, region["stat"].staff_id, now=NOW)
    assert set(people) == {*gol, hemsedal}
    preview = absence_cover.move_preview(region.db, leder, people, region["gjeld"].staff_id, now=NOW)
    assert preview.movable == 0 and all("cannot be" in line.problem for line in preview.lines)
    preview = absence_cover.move_preview(region.db, leder, people, region["msando"].staff_id, now=NOW)
    assert preview.movable == 3
    with pytest.raises(ValidationFailed) as failure:
        absence_cover.move_people(region.db, leder, people, region["msando"].staff_id, region["stat"].staff_id,
                                  None, "", now=NOW)
    assert set(failure.value.errors) == {"agreed_with_person", "note"}
    result = absence_cover.move_people(region.db, leder, people, region["msando"].staff_id, region["stat"].staff_id,
                                       False, "Stat er i permisjon.", now=NOW)
    assert set(result.moved) == set(people) and result.skipped == ()
    assert absence_cover.caseload(region.db, leder, region["stat"].staff_id, now=NOW) == ()
    with pytest.raises(NotAllowed):
        absence_cover.move_preview(region.db, region["stat"], people, region["msando"].staff_id, now=NOW)


def test_the_cover_view_shows_what_nobody_present_covers(region: Region) -> None:
    with region.db.session() as session:
        for login, areas in (("kommune", "Økonomisk sosialhjelp"), ("stat", "AAP")):
            session.get_one(Staff, region[login].staff_id).specialist_areas = areas
        session.add(StaffAbsence(staff_id=region["kommune"].staff_id, starts=date(2026, 3, 3), ends=date(2026, 3, 4)))
    view = absence_cover.cover_view(region.db, region["leder"], region.office, date(2026, 3, 2), date(2026, 3, 8))
    days = {gap.day: gap for gap in view.gaps}
    # Debt counselling for Hemsedal (outside the host agreement) has nobody on any day; weekends are not counted.
    assert set(days) == {date(2026, 3, d) for d in range(2, 7)}
    assert all("Gjeldsrådgivning (Hemsedal)" in gap.services for gap in days.values())
    present, away = days[date(2026, 3, 2)], days[date(2026, 3, 3)]
    assert (present.absent, present.areas) == ((), ())
    assert away.absent == ("Kommune",) and away.areas == ("Økonomisk sosialhjelp",)
    assert set(away.services) - set(present.services) == {
        f"{name} ({municipality})" for municipality in ("Gol", "Hemsedal")
        for name in ("Økonomisk stønad", "Midlertidig botilbud", "Individuell plan", "Kvalifiseringsprogram (KVP)",
                     "Opplysning, råd og veiledning, herunder økonomisk rådgivning")} | {"Gjeldsrådgivning (Gol)"}


def test_the_deputy_is_told_whom_they_cover_for(region: Region) -> None:
    region.person(region.gol, contact="stat", day=5)
    with region.db.session() as session:
        session.add(StaffAbsence(staff_id=region["stat"].staff_id, starts=TODAY, ends=TODAY + timedelta(days=10),
                                 deputy_id=region["msando"].staff_id, reason="Ferie"))
    (cover,) = absence_cover.covering(region.db, region["msando"], now=NOW)
    assert (cover.name, cover.people, cover.reason) == ("Stat", 1, "Ferie")


# --- appointments ----------------------------------------------------------------------------------------------


def booking(region: Region, **changes: object) -> BookingForm:
    values: dict[str, object] = {"starts_at": datetime(2026, 3, 3, 10), "minutes": 45, "side": "state",
                                 "purpose": "Oppfølgingssamtale", "office_id": region.office}
    values.update(changes)
    return BookingForm(**values)  # type: ignore[arg-type]


def test_booking_checks_the_slot_and_the_place(region: Region, english: None) -> None:
    person = region.person(region.hemsedal, contact="stat")
    stat = region["stat"]
    with region.db.session() as session:
        session.add(OfficeDay(office_id=region.office, municipality_id=region.hemsedal, weekday=1, opens=time(10),
                              closes=time(14), location="Hemsedal rådhus"))
    entry = appointments.book(region.db, stat, person, booking(region), now=NOW)
    assert entry.person_id == person and entry.place == "NAV Gol og Hemsedal"
    with pytest.raises(ValidationFailed) as failure:
        appointments.book(region.db, stat, person, booking(region, starts_at=datetime(2026, 3, 3, 10, 30)), now=NOW)
    assert "already has a meeting" in failure.value.errors["starts_at"]
    with pytest.raises(ValidationFailed) as failure:
        appointments.book(region.db, stat, person, booking(region, starts_at=datetime(2026, 3, 1, 10), purpose=""),
                          now=NOW)
    assert set(failure.value.errors) == {"starts_at", "purpose"}
    with pytest.raises(ValidationFailed) as failure:
        appointments.book(region.db, stat, person, booking(region, starts_at=datetime(2026, 3, 4, 12),
                                                           municipality_id=region.hemsedal), now=NOW)
    assert set(failure.value.errors) == {"municipality_id"}  # Hemsedal's office day is Tuesday
    away = appointments.book(region.db, stat, person, booking(region, starts_at=datetime(2026, 3, 3, 12),
                                                              municipality_id=region.hemsedal), now=NOW)
    day = appointments.office_day(region.db, stat, region.office, date(2026, 3, 3), now=NOW)
    assert [e.id for e in day.entries] == [entry.id, away.id]
    assert [o.place for o in day.openings] == ["Hemsedal rådhus"]


def test_the_calendar_hides_whom_a_colleague_meets_when_the_reader_may_not_know(region: Region) -> None:
    person = region.person(region.hemsedal, contact="kommune")
    with region.db.session() as session:
        region_person = session.get_one(Person, person)
        assert region_person.residence_municipality_id == region.hemsedal
    entry = appointments.book(region.db, region["kommune"], person,
                              booking(region, side="municipal", service_code="oko_stonad"), now=NOW)
    (seen_by_stat,) = appointments.staff_calendar(region.db, region["stat"], region["kommune"].staff_id,
                                                  date(2026, 3, 2), date(2026, 3, 8), now=NOW)
    assert seen_by_stat.withheld and seen_by_stat.purpose == "" and seen_by_stat.id == entry.id
    cancelled = appointments.cancel(region.db, region["kommune"], entry.id, entry.version, now=NOW)
    assert cancelled.cancelled
    with pytest.raises(NotAllowed):
        appointments.cancel(region.db, region["stat"], entry.id, cancelled.version, now=NOW)


# --- walk-ins --------------------------------------------------------------------------------------------------


def test_walk_ins_are_counted_per_day_and_for_the_leader(region: Region) -> None:
    stat = region["stat"]
    register = walkins.register(region.db, stat, region.office, "sosialhjelp", now=NOW)
    register = walkins.register(region.db, stat, region.office, "arbeidssoker", now=NOW + timedelta(minutes=5))
    assert [e.category.value for e in register.entries] == ["arbeidssoker", "sosialhjelp"]
    assert dict((c.value, n) for c, _label, n in register.by_category)["sosialhjelp"] == 1
    register = walkins.undo(region.db, stat, register.entries[0].id, now=NOW + timedelta(minutes=6))
    assert len(register.entries) == 1
    with pytest.raises(NotAllowed):
        walkins.undo(region.db, stat, register.entries[0].id, now=NOW + timedelta(hours=2))
    with pytest.raises(ValidationFailed):
        walkins.register(region.db, stat, region.office, "nonsense", now=NOW)
    with pytest.raises(NotAllowed):
        walkins.statistics(region.db, stat, region.office, TODAY, TODAY)
    stats = walkins.statistics(region.db, region["leder"], region.office, TODAY - timedelta(days=7), TODAY)
    assert stats.total == 1 and stats.by_weekday_hour == ((0, 10, 1),)


# --- reminders, saved filters, rule overrides --------------------------------------------------------------------


def test_reminders_belong_to_their_writer_and_the_deputy(region: Region) -> None:
    person = region.person(region.gol, contact="stat")
    item = reminders.add(region.db, region["stat"], person, "Ring om jobbintervjuet", TODAY + timedelta(days=1),
                         now=NOW)
    with pytest.raises(NotAllowed):
        reminders.set_done(region.db, region["msando"], item.id, item.version, now=NOW)
    with region.db.session() as session:
        session.add(StaffAbsence(staff_id=region["stat"].staff_id, starts=TODAY, ends=TODAY,
                                 deputy_id=region["msando"].staff_id))
    assert [r.id for r in reminders.reminders(region.db, region["msando"], now=NOW)] == [item.id]
    done = reminders.set_done(region.db, region["msando"], item.id, item.version, now=NOW)
    assert done.done and reminders.reminders(region.db, region["stat"], now=NOW) == ()
    with pytest.raises(Conflict):
        reminders.edit(region.db, region["stat"], item.id, item.version, "x", None, now=NOW)


def test_saved_filters(region: Region) -> None:
    stat = region["stat"]
    query = WorklistQuery(View.MINE, Filter.NO_CONTACT, SortKey.LAST_CONTACT, True)
    saved = saved_filters.save_filter(region.db, stat, " Ingen  kontakt ", query)
    assert saved.name == "Ingen kontakt" and saved.query == query
    again = saved_filters.save_filter(region.db, stat, "Ingen kontakt", WorklistQuery(View.TEAM, Filter.ALL,
                                                                                      scope_id=region.team))
    assert again.id == saved.id and [f.query.view for f in saved_filters.saved_filters(region.db, stat)] == [View.TEAM]
    with pytest.raises(ValidationFailed):
        saved_filters.save_filter(region.db, stat, "Kontor", WorklistQuery(View.OFFICE))
    saved_filters.delete_filter(region.db, stat, saved.id)
    assert saved_filters.saved_filters(region.db, stat) == ()


def test_an_office_sets_its_own_deadline_rules(region: Region, english: None) -> None:
    leder = region["leder"]
    with pytest.raises(NotAllowed):
        deadline_rules.save_override(region.db, region["stat"], OverrideForm(region.office, "", {"due_soon_days": 3}))
    with pytest.raises(ValidationFailed) as failure:
        deadline_rules.save_override(region.db, leder, OverrideForm(region.office, "", {"due_soon_days": -1},
                                                                    sick_leave_weeks="12,x"))
    assert set(failure.value.errors) == {"due_soon_days", "sick_leave_weeks"}
    row = deadline_rules.save_override(region.db, leder, OverrideForm(
        region.office, "oko_stonad", {"processing_days": 10, "processing_in_working_days": True}))
    rules = deadline_rules.effective_rules(region.db, region.hemsedal, "oko_stonad")
    assert (rules.processing_days, rules.processing_in_working_days) == (10, True)
    assert deadline_rules.effective_rules(region.db, region.aal, "oko_stonad").processing_days == 14
    with pytest.raises(ValidationFailed):
        deadline_rules.save_override(region.db, leder, OverrideForm(region.office, "oko_stonad", {"grace_days": 3}))
    deadline_rules.delete_override(region.db, leder, row.id)
    assert deadline_rules.list_overrides(region.db, leder) == ()
    with region.db.session() as session:
        assert session.scalars(select(PersonContact)).all() == []
