"""Registering a person routes them by the office's assignment rules: the first matching rule gives the
owning team and the contact veileder, who then finds the person in their worklist as new."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest
from caseload_region import Region, build_region
from sqlalchemy import select

from navdesk.domain.fnr import make_synthetic
from navdesk.domain.person_rules import PersonForm
from navdesk.services import assignment, people, settings
from navdesk.services.assignment import RuleDraft
from navdesk.services.worklist import Filter, View, WorklistQuery, worklist_ids
from navdesk.store.engine import Database
from navdesk.store.models import OwnershipEvent, Person, PersonContact

NOW = datetime(2026, 3, 2, 10, 0)


@pytest.fixture
def region(db: Database) -> Region:
    built = build_region(db)
    with db.session() as session:
        settings.put(session, settings.ALLOW_SYNTHETIC_FNR_KEY, "1")
    return built


def register(region: Region, born: date, *, municipality: str = "gol") -> people.PersonSaved:
    form = PersonForm(fnr=make_synthetic(born, random.Random(born.toordinal())), first_name="Kari",
                      last_name=f"Nordmann {born.day}", residence_municipality_id=getattr(region, municipality))
    return people.create_person(region.db, region["stat"], form, now=NOW)


def owner(region: Region, saved: people.PersonSaved) -> tuple[object, list[object]]:
    with region.db.session() as session:
        team = session.get_one(Person, saved.id).owner_team_id
        contacts = list(session.scalars(select(PersonContact.staff_id).where(PersonContact.person_id == saved.id,
                                                                            PersonContact.ends.is_(None))))
        return team, contacts


def test_a_registered_person_goes_to_the_first_matching_rule(region: Region) -> None:
    leder = region["leder"]
    assignment.create_rule(region.db, leder, region.office,
                           RuleDraft("Dato 1–15", region.team, region["stat"].staff_id, birth_days="1-15"))
    assignment.create_rule(region.db, leder, region.office, RuleDraft("Resten", region.team, region["msando"].staff_id))

    early = register(region, date(1985, 6, 3))
    late = register(region, date(1985, 6, 20))

    assert owner(region, early) == (region.team, [region["stat"].staff_id])
    assert owner(region, late) == (region.team, [region["msando"].staff_id])
    with region.db.session() as session:
        notes = list(session.scalars(select(OwnershipEvent.note).where(OwnershipEvent.person_id == early.id)))
    assert len(notes) == 1 and "Dato 1–15" in notes[0]
    # The veileder the rule named finds the person in their worklist, marked as new for them.
    stat = region["stat"]
    assert early.id in worklist_ids(region.db, stat, WorklistQuery(View.MINE, Filter.NEW_FOR_ME), now=NOW)
    assert late.id not in worklist_ids(region.db, stat, WorklistQuery(View.MINE), now=NOW)


def test_without_a_matching_rule_the_person_stays_unassigned(region: Region) -> None:
    assignment.create_rule(region.db, region["leder"], region.office,
                           RuleDraft("Bare Hemsedal", region.team, region["stat"].staff_id,
                                     municipality_ids=frozenset({region.hemsedal})))

    saved = register(region, date(1990, 2, 11))

    assert owner(region, saved) == (None, [])
    unassigned = worklist_ids(region.db, region["leder"], WorklistQuery(View.OFFICE, Filter.UNASSIGNED), now=NOW)
    assert saved.id in unassigned


def test_a_rule_whose_veileder_may_not_have_the_person_routes_to_the_team_alone(region: Region) -> None:
    # gjeld works at the office for Ål, on debt counselling only: the policy refuses them a Gol resident.
    assignment.create_rule(region.db, region["leder"], region.office,
                           RuleDraft("Alle", region.team, region["gjeld"].staff_id))

    saved = register(region, date(1979, 12, 1))

    assert owner(region, saved) == (region.team, [])
