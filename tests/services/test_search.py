"""Search as you type: what it finds, in which order, and only among the people the user may find."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select

from navdesk.domain.fnr import make_synthetic
from navdesk.domain.person_rules import PersonForm
from navdesk.services import people, search
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.search import people_rows, search_people
from navdesk.store.engine import Database
from navdesk.store.models import ConflictOfInterest, Municipality, Person, ServiceCase, Staff
from navdesk.store.search import parse

NOW = datetime(2026, 3, 2, 10, 0)
_numbers = random.Random(42)


def actor(db: Database, login: str) -> Actor:
    with db.session() as session:
        staff = session.scalars(select(Staff).where(Staff.login == login)).one()
        return Actor(staff.id, staff.login, staff.name, parse_roles(staff.roles), staff.employer_municipality_id)


def municipality(db: Database, number: str) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(Municipality.id).where(Municipality.number == number)).one()


def register(db: Database, first: str, last: str, *, number: str = "3324", login: str = "stat",
             birth: date = date(1985, 6, 3), phone: str = "", **changes: object) -> uuid.UUID:
    form = PersonForm(fnr=make_synthetic(birth, _numbers), first_name=first, last_name=last, phone=phone,
                      residence_municipality_id=municipality(db, number), address_line="Hemmelig veg 7",
                      postal_code="3550", postal_place="Gol")
    return people.create_person(db, actor(db, login), replace(form, **changes), now=NOW).id  # type: ignore[arg-type]


def names(db: Database, login: str, query: str, **options: object) -> list[str]:
    who = actor(db, login)
    result = search_people(db, who, query, **options)  # type: ignore[arg-type]
    return [f"{row.first_name} {row.last_name}" for row in people_rows(db, who, result.ids)]


def test_each_word_is_a_prefix_of_a_name_part_in_any_order(demo_db: Database) -> None:
    register(demo_db, "Ola", "Nordmann")
    register(demo_db, "Nora", "Olsen")
    register(demo_db, "Kari Ola", "Nordmo")
    assert names(demo_db, "stat", "ola nor") == ["Ola Nordmann", "Kari Ola Nordmo"]
    assert names(demo_db, "stat", "NOR OLA") == ["Ola Nordmann", "Kari Ola Nordmo"]
    assert names(demo_db, "stat", "nordman") == ["Ola Nordmann"]
    assert names(demo_db, "stat", "nora ol") == ["Nora Olsen"]


def test_æøå_are_letters_of_their_own(demo_db: Database) -> None:
    register(demo_db, "Åse", "Ødegård")
    register(demo_db, "Ærlend", "Øyås")
    assert names(demo_db, "stat", "øy") == ["Ærlend Øyås"]
    assert names(demo_db, "stat", "ÆRL") == ["Ærlend Øyås"]
    assert names(demo_db, "stat", "åse ødeg") == ["Åse Ødegård"]
    assert names(demo_db, "stat", "oyas") == []
    assert names(demo_db, "stat", "aase") == []


def test_fødselsnummer_whole_or_its_start_with_spaces_and_phone_numbers(demo_db: Database) -> None:
    person = register(demo_db, "Tall", "Testesen", birth=date(1977, 11, 30), phone="+47 912 34 567")
    with demo_db.session() as session:
        number = session.get_one(Person, person).fnr
    stat = actor(demo_db, "stat")
    for query in (number, f"{number[:6]} {number[6:]}", number[:8], "912 34 567", "+47 91234567", "0047912345",
                  "tall 3091"):
        assert person in search_people(demo_db, stat, query).ids, query
    assert search_people(demo_db, stat, "91234568").ids == ()


def test_too_little_to_search_for_is_not_searched(demo_db: Database) -> None:
    result = search_people(demo_db, actor(demo_db, "stat"), " o ")
    assert result.too_short and result.ids == ()
    assert parse("ola n").words == ("ola",)
    assert parse("+47 9").empty


def test_results_are_ordered_by_last_then_first_name_and_limited(demo_db: Database) -> None:
    for first, last in (("Berit", "Zakariassen"), ("Anne", "Zakariassen"), ("Carl", "Zahl")):
        register(demo_db, first, last)
    stat = actor(demo_db, "stat")
    assert names(demo_db, "stat", "za") == ["Carl Zahl", "Anne Zakariassen", "Berit Zakariassen"]
    limited = search_people(demo_db, stat, "za", limit=2)
    assert (len(limited.ids), limited.total, limited.truncated, limited.total_exact) == (2, 3, True, True)


@pytest.mark.parametrize("plan", ["walk", "first_page"])
def test_a_broad_search_stops_after_the_first_page_and_gives_the_same_page(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, plan: str,
) -> None:
    if plan == "first_page" and demo_db.engine.dialect.name != "sqlite":
        pytest.skip("reading matches off the index in name order is SQLite's")
    kommune = actor(demo_db, "kommune")
    exact = search_people(demo_db, kommune, "an", limit=5)
    assert exact.truncated and exact.total_exact
    monkeypatch.setattr(search, "_plan", lambda *args: search._Plan(plan))
    first_page = search_people(demo_db, kommune, "an", limit=5)
    assert first_page.ids == exact.ids
    assert first_page.truncated and not first_page.total_exact
    assert [row.id for row in search_people(demo_db, kommune, "an", limit=5, first_page=5).rows] == list(exact.ids)
    everything = search_people(demo_db, kommune, "an", limit=1000)
    assert everything.total_exact and everything.total == exact.total


@pytest.fixture(params=["exact", "walk", "first_page"])
def any_plan(request: pytest.FixtureRequest, demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each query plan in turn: whichever a search takes, the access rules are the same."""
    if request.param == "first_page" and demo_db.engine.dialect.name != "sqlite":
        pytest.skip("reading matches off the index in name order is SQLite's")
    monkeypatch.setattr(search, "_plan", lambda *args: search._Plan(request.param))
    return str(request.param)


def test_each_login_finds_only_the_people_the_policy_lets_them_find(demo_db: Database, any_plan: str) -> None:
    gol = register(demo_db, "Gunn", "Søkeløkken", number="3324")
    hemsedal = register(demo_db, "Hilde", "Søkeløkken", number="3326", login="kommune")
    hol = register(demo_db, "Hans", "Søkeløkken", number="3330", login="gtufto")
    flaa = register(demo_db, "Frida", "Søkeløkken", number="3320", login="oflaaten")
    # Hans moved to Hol, but Gol still handles his application: Gol's municipal staff find him.
    with demo_db.session() as session:
        session.add(ServiceCase(person_id=hol, side="municipal", service_code="oko_stonad", status="applied",
                                responsible_municipality_id=municipality(demo_db, "3324"), created_at=NOW))
    found = {login: set(search_people(demo_db, actor(demo_db, login), "søkeløkken").ids)
             for login in ("stat", "kommune", "gjeld", "admin", "oflaaten")}
    assert found["stat"] == {gol, hemsedal}
    assert found["kommune"] == {gol, hemsedal, hol}
    assert found["gjeld"] == {gol, hol}  # the debt agreement covers Gol and Hol, not Hemsedal
    assert found["admin"] == set()
    assert found["oflaaten"] == {flaa}


def test_a_conflicted_staff_member_never_finds_the_person_nor_counts_them(demo_db: Database,
                                                                         any_plan: str) -> None:
    hidden = register(demo_db, "Inge", "Inhabilsen")
    register(demo_db, "Ivar", "Inhabilsen")
    stat = actor(demo_db, "stat")
    with demo_db.session() as session:
        session.add(ConflictOfInterest(person_id=hidden, staff_id=stat.staff_id, reason="Svoger",
                                       registered_by_id=actor(demo_db, "leder").staff_id, registered_at=NOW))
    result = search_people(demo_db, stat, "inhabilsen")
    assert hidden not in result.ids and result.total == 1
    assert people_rows(demo_db, stat, [hidden]) == []
    assert hidden in search_people(demo_db, actor(demo_db, "leder"), "inhabilsen").ids


def test_rows_never_hold_the_address_even_of_a_protected_person(demo_db: Database) -> None:
    person = register(demo_db, "Petra", "Vernesen", protected_address=True, interpreter_needed=True,
                      language="ti", digital_self_service=False)
    (row,) = people_rows(demo_db, actor(demo_db, "stat"), [person], now=NOW)
    assert (row.protected_address, row.interpreter_needed, row.not_digital, row.language) == (True, True, True, "ti")
    assert (row.municipality, row.age) == ("Gol", 40)
    assert "Hemmelig" not in repr(row) and "3550" not in repr(row)


def test_the_index_follows_renames(demo_db: Database) -> None:
    person = register(demo_db, "Gammel", "Navnesen")
    stat = actor(demo_db, "stat")
    loaded = people.person_form(demo_db, stat, person, now=NOW)
    people.update_person(demo_db, stat, person, loaded.version, replace(loaded.form, first_name="Ny"), now=NOW)
    assert names(demo_db, "stat", "navnesen") == ["Ny Navnesen"]
    assert names(demo_db, "stat", "gammel") == []


def test_the_first_page_comes_with_the_search(demo_db: Database) -> None:
    register(demo_db, "Side", "Enesen")
    register(demo_db, "Side", "Toesen")
    stat = actor(demo_db, "stat")
    result = search_people(demo_db, stat, "side", first_page=1)
    assert [row.last_name for row in result.rows] == ["Enesen"]
    assert people_rows(demo_db, stat, result.ids) == [*result.rows, *people_rows(demo_db, stat, result.ids[1:])]
