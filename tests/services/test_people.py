"""The person register on the demo region: register, edit, ownership, §14a, close and keep — each judged
by the access policy and logged."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from stdnum.no import fodselsnummer as stdnum_fnr

from navdesk.domain.codes import HouseholdRelation, Hovedmal, Innsatsgruppe
from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.domain.fnr import make_synthetic
from navdesk.domain.person_rules import HouseholdEntry, PersonForm
from navdesk.services import people, settings
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.search import search_people
from navdesk.store.engine import Database
from navdesk.store.models import (
    AccessLogEntry,
    AssignmentRule,
    ConflictOfInterest,
    HouseholdMember,
    InnsatsDecision,
    Municipality,
    OwnershipEvent,
    Person,
    PersonContact,
    Staff,
    Team,
)

NOW = datetime(2026, 3, 2, 10, 0)


def actor(db: Database, login: str) -> Actor:
    with db.session() as session:
        staff = session.scalars(select(Staff).where(Staff.login == login)).one()
        return Actor(staff.id, staff.login, staff.name, parse_roles(staff.roles), staff.employer_municipality_id)


def municipality(db: Database, number: str) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(Municipality.id).where(Municipality.number == number)).one()


def synthetic(birth: date = date(1990, 5, 17), seed: int = 1) -> str:
    return make_synthetic(birth, random.Random(seed))


def real_number(birth: date) -> str:
    """A fødselsnummer of the real shape (no +80), with valid check digits."""
    for individual in range(500, 1000) if birth.year >= 2000 else range(0, 500):
        stem = birth.strftime("%d%m%y") + f"{individual:03d}"
        first = stdnum_fnr.calc_check_digit1(stem)
        second = stdnum_fnr.calc_check_digit2(stem + first) if len(first) == 1 else "10"
        if len(first) == 1 and len(second) == 1:
            return stem + first + second
    raise AssertionError("no number")


def form(db: Database, **changes: object) -> PersonForm:
    base = PersonForm(fnr=synthetic(), first_name="Åse Øydis", last_name="Ærlig", phone="912 34 567",
                      residence_municipality_id=municipality(db, "3324"), email="ase@example.com",
                      address_line="Sentrumsvegen 1", postal_code="3550", postal_place="Gol", language="nn")
    return replace(base, **changes)  # type: ignore[arg-type]


def log_entries(db: Database, person_id: uuid.UUID | None = None) -> list[AccessLogEntry]:
    with db.session() as session:
        query = select(AccessLogEntry).order_by(AccessLogEntry.seq)
        if person_id is not None:
            query = query.where(AccessLogEntry.person_id == person_id)
        return list(session.scalars(query))


def person_in(db: Database, number: str, *, protected: bool | None = None) -> uuid.UUID:
    with db.session() as session:
        query = select(Person.id).join(Municipality, Municipality.id == Person.residence_municipality_id).where(
            Municipality.number == number).order_by(Person.fnr)
        if protected is not None:
            query = query.where(Person.protected_address.is_(protected))
        return session.scalars(query.limit(1)).one()


def version(db: Database, person_id: uuid.UUID) -> int:
    with db.session() as session:
        return session.get_one(Person, person_id).version


# --- registering ------------------------------------------------------------------------------------------


def test_a_veileder_registers_a_resident_and_the_number_gives_the_birth_date(demo_db: Database) -> None:
    stat = actor(demo_db, "stat")
    household = (HouseholdEntry(HouseholdRelation.CHILD, "Lise", date(2019, 4, 1)),)
    saved = people.create_person(demo_db, stat, form(demo_db, household=household), now=NOW)
    assert saved.name == "Åse Øydis Ærlig"
    with demo_db.session() as session:
        person = session.get_one(Person, saved.id)
        assert (person.birth_date, person.phone, person.language) == (date(1990, 5, 17), "91234567", "nn")
        assert [m.first_name for m in session.scalars(select(HouseholdMember).where(
            HouseholdMember.person_id == saved.id))] == ["Lise"]
    assert search_people(demo_db, stat, "ærlig øyd").ids == (saved.id,)
    entry = log_entries(demo_db, saved.id)[-1]
    assert (entry.action, entry.what, entry.allowed, entry.staff_login) == ("change", "register", True, "stat")


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(demo_db: Database, english: None) -> None:
    bad = form(demo_db, fnr="12345678901", first_name=" ", last_name="", phone="12 34", email="not-an-address",
               postal_code="35", residence_municipality_id=uuid.uuid4(), language="xx",
               household=(HouseholdEntry(HouseholdRelation.CHILD, "Per", None),))
    logged = len(log_entries(demo_db))  # the demo region comes with an access log of its own
    with pytest.raises(ValidationFailed) as caught:
        people.create_person(demo_db, actor(demo_db, "stat"), bad, now=NOW)
    assert set(caught.value.errors) == {"fnr", "first_name", "last_name", "phone", "email", "postal_code",
                                        "residence_municipality_id", "language", "household"}
    assert "child needs a birth date" in caught.value.errors["household"]
    assert len(log_entries(demo_db)) == logged


def test_synthetic_numbers_only_in_a_demo_or_test_database(demo_db: Database, english: None) -> None:
    stat = actor(demo_db, "stat")
    with demo_db.session() as session:
        settings.put(session, settings.DEMO_KEY, "0")
    with pytest.raises(ValidationFailed, match="synthetic test number"):
        people.create_person(demo_db, stat, form(demo_db), now=NOW)
    real = people.create_person(demo_db, stat, form(demo_db, fnr=real_number(date(1984, 2, 29))), now=NOW)
    assert real.fnr.startswith("290284")
    with demo_db.session() as session:
        settings.put(session, settings.ALLOW_SYNTHETIC_FNR_KEY, "1")
    assert people.create_person(demo_db, stat, form(demo_db), now=NOW).fnr == synthetic()


def test_a_duplicate_is_named_only_to_those_who_may_find_the_person(demo_db: Database, english: None) -> None:
    gol_resident, flaa_resident = person_in(demo_db, "3324"), person_in(demo_db, "3320")
    with demo_db.session() as session:
        gol = session.get_one(Person, gol_resident)
        gol_number, gol_name, flaa_number = gol.fnr, f"{gol.first_name} {gol.last_name}", session.get_one(
            Person, flaa_resident).fnr
    stat = actor(demo_db, "stat")
    with pytest.raises(ValidationFailed) as seen:
        people.create_person(demo_db, stat, form(demo_db, fnr=gol_number), now=NOW)
    assert f"Already registered: {gol_name}" in seen.value.errors["fnr"]
    with pytest.raises(ValidationFailed) as hidden:
        people.create_person(demo_db, stat, form(demo_db, fnr=flaa_number), now=NOW)
    assert hidden.value.errors["fnr"] == "This number is already registered, for a person you do not have access to."


def test_nobody_registers_people_they_would_not_serve(demo_db: Database, english: None) -> None:
    with pytest.raises(ValidationFailed) as caught:
        people.create_person(demo_db, actor(demo_db, "stat"), form(demo_db, residence_municipality_id=municipality(
            demo_db, "3320")), now=NOW)
    assert "You do not serve residents of Flå" in caught.value.errors["residence_municipality_id"]


def test_the_administrator_may_not_register_and_the_attempt_is_logged(demo_db: Database) -> None:
    with pytest.raises(NotAllowed):
        people.create_person(demo_db, actor(demo_db, "admin"), form(demo_db), now=NOW)
    entry = log_entries(demo_db)[-1]
    assert (entry.staff_login, entry.what, entry.allowed, entry.reason) == ("admin", "register", False,
                                                                            "denied_admin")
    with demo_db.session() as session:
        assert session.scalar(select(Person.id).where(Person.fnr == synthetic())) is None


# --- editing ----------------------------------------------------------------------------------------------


def test_an_edit_saves_logs_the_kinds_changed_and_refuses_a_stale_version(demo_db: Database) -> None:
    stat = actor(demo_db, "stat")
    saved = people.create_person(demo_db, stat, form(demo_db), now=NOW)
    loaded = people.person_form(demo_db, stat, saved.id, now=NOW)
    edited = replace(loaded.form, phone="+47 45 67 89 01", household=(
        HouseholdEntry(HouseholdRelation.PARTNER, "Kari", date(1988, 1, 1)),))
    after = people.update_person(demo_db, stat, saved.id, loaded.version, edited, now=NOW)
    assert after.version > loaded.version
    assert log_entries(demo_db, saved.id)[-1].what == "edit contact, household"
    with demo_db.session() as session:
        assert session.get_one(Person, saved.id).phone == "45678901"
    with pytest.raises(Conflict):
        people.update_person(demo_db, stat, saved.id, loaded.version, replace(edited, first_name="Åsa"), now=NOW)


def test_a_protected_address_is_never_loaded_and_stays_as_stored(demo_db: Database) -> None:
    stat = actor(demo_db, "stat")
    saved = people.create_person(demo_db, stat, form(demo_db, protected_address=True,
                                                     address_line="Hemmelig veg 7"), now=NOW)
    loaded = people.person_form(demo_db, stat, saved.id, now=NOW)
    assert loaded.address_withheld and loaded.form.address_line == loaded.form.postal_code == ""
    people.update_person(demo_db, stat, saved.id, loaded.version, replace(loaded.form, email="ny@example.com"),
                         now=NOW)
    with demo_db.session() as session:
        assert session.get_one(Person, saved.id).address_line == "Hemmelig veg 7"
    # Lifting the protection replaces the hidden address with what the form holds: it never comes to light.
    lifted = people.person_form(demo_db, stat, saved.id, now=NOW)
    people.update_person(demo_db, stat, saved.id, lifted.version, replace(
        lifted.form, protected_address=False, address_line="Ny veg 1"), now=NOW)
    with demo_db.session() as session:
        assert session.get_one(Person, saved.id).address_line == "Ny veg 1"


def test_a_conflicted_veileder_can_neither_open_nor_edit_the_person(demo_db: Database) -> None:
    stat = actor(demo_db, "stat")
    saved = people.create_person(demo_db, stat, form(demo_db), now=NOW)
    loaded = people.person_form(demo_db, stat, saved.id, now=NOW)
    with demo_db.session() as session:
        session.add(ConflictOfInterest(person_id=saved.id, staff_id=stat.staff_id, reason="Nabo",
                                       registered_by_id=actor(demo_db, "leder").staff_id, registered_at=NOW))
    with pytest.raises(NotAllowed):
        people.person_form(demo_db, stat, saved.id, now=NOW)
    with pytest.raises(NotAllowed):
        people.update_person(demo_db, stat, saved.id, loaded.version, replace(loaded.form, phone="99999999"),
                             now=NOW)
    refused = [e for e in log_entries(demo_db, saved.id) if not e.allowed]
    assert [(e.action, e.reason) for e in refused] == [("read", "denied_conflict"), ("change", "denied_conflict")]
    with demo_db.session() as session:
        assert session.get_one(Person, saved.id).phone == "91234567"


# --- ownership --------------------------------------------------------------------------------------------


def team(db: Database, name: str) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(Team.id).where(Team.name == name)).one()


def without_assignment_rules(db: Database) -> None:
    """No rule routes a new person, so that they start without an owner."""
    with db.session() as session:
        session.execute(delete(AssignmentRule))


def test_ownership_keeps_its_history_and_the_first_contact_is_primary(demo_db: Database) -> None:
    stat, kommune, leder = (actor(demo_db, login) for login in ("stat", "kommune", "leder"))
    without_assignment_rules(demo_db)
    saved = people.create_person(demo_db, stat, form(demo_db), now=NOW)
    follow_up = team(demo_db, "Oppfølging Gol og Hemsedal")
    first = people.set_ownership(demo_db, leder, saved.id, follow_up, [stat.staff_id], True, "Fordelt", now=NOW)
    assert [(c.name, c.is_primary) for c in first.contacts] == [("Ola Rud", True)]
    later = NOW + timedelta(days=30)
    second = people.set_ownership(demo_db, leder, saved.id, follow_up, [kommune.staff_id, stat.staff_id], False,
                                  "Kommunen tar hovedansvaret", now=later)
    assert [(c.name, c.is_primary) for c in second.contacts] == [("Anne Grøthe", True), ("Ola Rud", False)]
    assert [h.note for h in second.history] == ["Kommunen tar hovedansvaret", "Fordelt"]
    with demo_db.session() as session:
        rows = session.scalars(select(PersonContact).where(PersonContact.person_id == saved.id)
                               .order_by(PersonContact.starts, PersonContact.is_primary)).all()
        assert [(r.staff_id == stat.staff_id, r.is_primary, r.ends) for r in rows] == [
            (True, True, later.date()), (True, False, None), (False, True, None)]
        assert session.get_one(Person, saved.id).owner_team_id == follow_up
        assert len(session.scalars(select(OwnershipEvent).where(OwnershipEvent.person_id == saved.id)).all()) == 2


def test_contacts_must_serve_the_person_and_a_conflicted_one_is_refused_without_saying_why(
    demo_db: Database, english: None,
) -> None:
    stat, leder = actor(demo_db, "stat"), actor(demo_db, "leder")
    saved = people.create_person(demo_db, stat, form(demo_db), now=NOW)
    with demo_db.session() as session:
        session.add(ConflictOfInterest(person_id=saved.id, staff_id=actor(demo_db, "kommune").staff_id,
                                       reason="Familie", registered_by_id=leder.staff_id, registered_at=NOW))
    follow_up = team(demo_db, "Oppfølging Gol og Hemsedal")
    offered = people.ownership(demo_db, leder, saved.id, now=NOW)
    assert "Anne Grøthe" not in {o.text for o in offered.assignable}
    assert "Ola Rud" in {o.text for o in offered.assignable}
    for login in ("kommune", "oflaaten"):  # conflicted; serves Flå only
        with pytest.raises(ValidationFailed) as caught:
            people.set_ownership(demo_db, leder, saved.id, follow_up, [actor(demo_db, login).staff_id], False, "",
                                 now=NOW)
        assert caught.value.errors["contacts"].endswith("cannot be this person's contact veileder.")
        assert "conflict" not in caught.value.errors["contacts"].lower()
    four = [actor(demo_db, login).staff_id for login in ("stat", "leder", "msando", "jekvisle")]
    with pytest.raises(ValidationFailed, match="At most 3"):
        people.set_ownership(demo_db, leder, saved.id, follow_up, four, False, "", now=NOW)
    with pytest.raises(ValidationFailed, match="does not cover"):
        people.set_ownership(demo_db, leder, saved.id, team(demo_db, "Oppfølging Hol"), [], False, "", now=NOW)


# --- §14a -------------------------------------------------------------------------------------------------


def test_innsats_history_and_the_current_value(demo_db: Database, english: None) -> None:
    stat = actor(demo_db, "stat")
    saved = people.create_person(demo_db, stat, form(demo_db), now=NOW)
    people.record_innsats(demo_db, stat, saved.id, Innsatsgruppe.SITUASJONSBESTEMT, Hovedmal.SKAFFE_ARBEID,
                          date(2026, 2, 1), "Etter kartlegging", now=NOW)
    older = people.record_innsats(demo_db, stat, saved.id, Innsatsgruppe.STANDARD, Hovedmal.BEHOLDE_ARBEID,
                                  date(2025, 6, 1), "Tidligere vedtak registrert", now=NOW)
    assert not older.is_current
    with demo_db.session() as session:
        person = session.get_one(Person, saved.id)
        assert (person.innsatsgruppe, person.hovedmal) == ("situasjonsbestemt_innsats", "skaffe_arbeid")
        assert len(session.scalars(select(InnsatsDecision).where(InnsatsDecision.person_id == saved.id)).all()) == 2
    with pytest.raises(ValidationFailed) as caught:
        people.record_innsats(demo_db, stat, saved.id, Innsatsgruppe.STANDARD, None, date(2027, 1, 1), "", now=NOW)
    assert set(caught.value.errors) == {"decided_on", "hovedmal"}


def test_innsats_is_state_follow_up_and_a_municipal_veileder_is_refused(demo_db: Database) -> None:
    saved = people.create_person(demo_db, actor(demo_db, "stat"), form(demo_db), now=NOW)
    with pytest.raises(NotAllowed):
        people.record_innsats(demo_db, actor(demo_db, "kommune"), saved.id, Innsatsgruppe.STANDARD,
                              Hovedmal.SKAFFE_ARBEID, date(2026, 1, 5), "", now=NOW)
    entry = log_entries(demo_db, saved.id)[-1]
    assert (entry.staff_login, entry.what, entry.allowed) == ("kommune", "innsatsgruppe", False)


# --- close and keep ---------------------------------------------------------------------------------------


def test_archiving_closes_and_keeps_and_reopening_brings_the_person_back(demo_db: Database) -> None:
    stat, leder = actor(demo_db, "stat"), actor(demo_db, "leder")
    without_assignment_rules(demo_db)
    saved = people.create_person(demo_db, stat, form(demo_db), now=NOW)
    people.set_ownership(demo_db, leder, saved.id, None, [stat.staff_id], True, "", now=NOW)
    archived = people.archive_person(demo_db, stat, saved.id, version(demo_db, saved.id), now=NOW)
    assert search_people(demo_db, stat, "ærlig").ids == ()
    assert search_people(demo_db, stat, "ærlig", include_archived=True).ids == (saved.id,)
    with demo_db.session() as session:
        assert session.get_one(Person, saved.id).archived_at == NOW
        assert session.scalars(select(PersonContact.ends).where(PersonContact.person_id == saved.id)).all() == [
            NOW.date()]
    people.reopen_person(demo_db, stat, saved.id, archived.version, now=NOW)
    assert search_people(demo_db, stat, "ærlig").ids == (saved.id,)
    assert [e.what for e in log_entries(demo_db, saved.id)][-2:] == ["archive", "reopen"]
