"""The demo people's details: realistic shares, and ownership the access policy would allow."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import func, select

from navdesk.domain import access
from navdesk.services.access_facts import agreement_facts, person_facts, staff_facts
from navdesk.store.engine import Database
from navdesk.store.models import HouseholdMember, InnsatsDecision, Person, PersonContact
from navdesk.store.models.org import team_municipality


def test_contact_details_language_household_and_protected_addresses(demo_db: Database) -> None:
    with demo_db.session() as session:
        people = session.scalars(select(Person)).all()
        with_children = set(session.scalars(select(HouseholdMember.person_id).where(
            HouseholdMember.relation == "child")))
    count = len(people)
    languages = Counter(p.language for p in people)
    assert 0.2 < len(with_children) / count < 0.4
    assert 1 <= sum(p.protected_address for p in people) <= count // 100
    assert {"nb", "nn"} <= set(languages) and len(set(languages) - {"nb", "nn"}) >= 3
    assert all(p.language not in ("nb", "nn") for p in people if p.interpreter_needed)
    assert 0.03 < sum(not p.digital_self_service for p in people) / count < 0.3
    assert all(p.address_line and len(p.postal_code) == 4 for p in people)
    assert sum(bool(p.email) for p in people) / count > 0.4


def test_ownership_follows_the_policy_and_the_rules(demo_db: Database) -> None:
    now = datetime.now()
    with demo_db.session() as session:
        people = {p.id: p for p in session.scalars(select(Person))}
        facts = person_facts(session, list(people))
        agreements = agreement_facts(session)
        covering = defaultdict(set)
        for team_id, municipality_id in session.execute(select(team_municipality.c.team_id,
                                                               team_municipality.c.municipality_id)):
            covering[team_id].add(municipality_id)
        contacts = session.scalars(select(PersonContact).where(PersonContact.ends.is_(None))).all()
        staff = {staff_id: staff_facts(session, staff_id, now=now) for staff_id in {c.staff_id for c in contacts}}
    assert all(p.owner_team_id and p.residence_municipality_id in covering[p.owner_team_id] for p in people.values())
    current = defaultdict(list)
    for contact in contacts:
        current[contact.person_id].append(contact)
        assert access.may_be_assigned(staff[contact.staff_id], facts[contact.person_id], on=now.date(),
                                      agreements=agreements).allowed
    assert all(len(c) <= 3 and sum(x.is_primary for x in c) == 1 for c in current.values())
    assert len(current) > len(people) * 0.6


def test_most_have_an_innsatsgruppe_whose_current_value_is_the_latest_decision(demo_db: Database) -> None:
    with demo_db.session() as session:
        latest = dict(session.execute(
            select(InnsatsDecision.person_id, func.max(InnsatsDecision.decided_on)).group_by(
                InnsatsDecision.person_id)).all())
        decisions = {(d.person_id, d.decided_on): d.innsatsgruppe for d in session.scalars(select(InnsatsDecision))}
        people = session.scalars(select(Person)).all()
    assert len(latest) > len(people) * 0.5
    for person in people:
        if person.id in latest:
            assert person.innsatsgruppe == decisions[(person.id, latest[person.id])]
        else:
            assert person.innsatsgruppe == ""
