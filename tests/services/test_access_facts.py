"""The SQL twin of the policy: `visible_person_clause` admits exactly the people `may_find` admits.

Checked on the demo region for a spread of logins and every person, then again after adding the
facts that open or close a person one by one: consents (in force, expired, withdrawn, not yet given),
a conflict of interest, emergency access (open and ended), a closed area and a case held elsewhere.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from navdesk.services.access_facts import access_context, person_facts, visible_person_clause
from navdesk.services.actor import Actor, parse_roles
from navdesk.store.engine import Database
from navdesk.store.models import (
    ClosedArea,
    ConflictOfInterest,
    Consent,
    EmergencyAccess,
    Municipality,
    Person,
    ServiceCase,
    Staff,
)
from navdesk.store.models.cases import closed_area_staff
from navdesk.store.models.confidentiality import consent_municipality, consent_staff

NOW = datetime(2026, 3, 2, 10, 0)
TODAY = NOW.date()
# The five demo logins and a few more with other reaches: a small office, a host's member, the debt team,
# a pure leader, the child-welfare worker.
LOGINS = ("leder", "stat", "kommune", "gjeld", "admin", "oflaaten", "nsolberg", "ehagen", "gtufto", "rulsaker",
          "msando", "brustand")


def actor(session: Session, login: str) -> Actor:
    staff = session.scalars(select(Staff).where(Staff.login == login)).one()
    return Actor(staff.id, staff.login, staff.name, parse_roles(staff.roles), staff.employer_municipality_id)


def assert_twins_agree(db: Database) -> dict[str, set[uuid.UUID]]:
    """For every login: the SQL clause's people == the policy's people. Returns what each may find."""
    found = {}
    with db.session() as session:
        everyone = list(session.scalars(select(Person.id)))
        facts = person_facts(session, everyone)
        for login in LOGINS:
            ctx = access_context(session, actor(session, login), now=NOW)
            by_sql = set(session.scalars(select(Person.id).where(visible_person_clause(ctx.reach))))
            by_policy = {person_id for person_id in everyone if ctx.may_find(facts[person_id])}
            assert by_sql == by_policy, f"{login}: SQL and policy disagree on {len(by_sql ^ by_policy)} people"
            # The form for a few people at a time (consents looked up person by person) says the same.
            assert set(session.scalars(select(Person.id).where(visible_person_clause(ctx.reach, few=True)))) == by_sql
            found[login] = by_sql
    return found


def resident(session: Session, number: str, index: int = 0) -> uuid.UUID:
    return session.scalars(
        select(Person.id).join(Municipality, Municipality.id == Person.residence_municipality_id)
        .where(Municipality.number == number).order_by(Person.fnr).offset(index).limit(1)
    ).one()


def municipality(session: Session, number: str) -> uuid.UUID:
    return session.scalars(select(Municipality.id).where(Municipality.number == number)).one()


def staff_id(session: Session, login: str) -> uuid.UUID:
    return actor(session, login).staff_id


def test_the_demo_logins_find_exactly_whom_the_policy_lets_them_find(demo_db: Database) -> None:
    found = assert_twins_agree(demo_db)
    assert found["admin"] == set()
    assert found["stat"] and found["oflaaten"] and not found["stat"] & found["oflaaten"]
    assert len({frozenset(people) for people in found.values()}) >= 5  # the logins really differ


def add_consent(session: Session, person: uuid.UUID, *, given: date, until: date | None = None,
                withdrawn: date | None = None, to_staff: uuid.UUID | None = None,
                to_municipality: uuid.UUID | None = None, to_state: bool = False, sides: str = "state") -> None:
    consent = Consent(person_id=person, given_on=given, valid_until=until, withdrawn_on=withdrawn, sides=sides,
                      to_state=to_state, registered_by_id=staff_id(session, "leder"), registered_at=NOW)
    session.add(consent)
    session.flush()
    if to_staff is not None:
        session.execute(insert(consent_staff).values(consent_id=consent.id, staff_id=to_staff))
    if to_municipality is not None:
        session.execute(insert(consent_municipality).values(consent_id=consent.id, municipality_id=to_municipality))


@pytest.fixture
def opened(demo_db: Database) -> dict[str, uuid.UUID]:
    """People opened or closed to someone by a consent, a conflict, emergency access, a closed area or a case."""
    with demo_db.session() as session:
        stat, kommune = staff_id(session, "stat"), staff_id(session, "kommune")
        people = {
            "consent": resident(session, "3320", 0),
            "expired": resident(session, "3320", 1),
            "withdrawn": resident(session, "3320", 2),
            "future": resident(session, "3320", 3),
            "to_gol": resident(session, "3330", 0),
            "conflict": resident(session, "3324", 0),
            "emergency": resident(session, "3328", 0),
            "ended_emergency": resident(session, "3328", 1),
            "closed": resident(session, "3322", 0),
            "debt_case": resident(session, "3326", 0),
        }
        add_consent(session, people["consent"], given=TODAY - timedelta(days=3), to_staff=stat)
        add_consent(session, people["expired"], given=date(2025, 1, 1), until=TODAY - timedelta(days=1),
                    to_staff=stat)
        add_consent(session, people["withdrawn"], given=date(2025, 1, 1), withdrawn=TODAY, to_staff=stat)
        add_consent(session, people["future"], given=TODAY + timedelta(days=1), to_staff=stat)
        add_consent(session, people["to_gol"], given=date(2025, 1, 1), to_municipality=municipality(session, "3324"),
                    sides="municipal")
        session.add(ConflictOfInterest(person_id=people["conflict"], staff_id=kommune, reason="Nabo",
                                       registered_by_id=staff_id(session, "leder"), registered_at=NOW))
        session.add(EmergencyAccess(person_id=people["emergency"], staff_id=stat, reason="Akutt situasjon i mottaket",
                                    opened_at=NOW - timedelta(hours=1), ends_at=NOW + timedelta(hours=7)))
        session.add(EmergencyAccess(person_id=people["ended_emergency"], staff_id=stat, reason="Tidligere hastesak",
                                    opened_at=NOW - timedelta(days=2), ends_at=NOW - timedelta(days=1)))
        area = ClosedArea(person_id=people["closed"], name="Barnevern", created_at=NOW)
        session.add(area)
        session.flush()
        session.execute(insert(closed_area_staff).values(area_id=area.id, staff_id=stat))
        session.add(ServiceCase(person_id=people["debt_case"], side="municipal", service_code="gjeld",
                                status="applied", responsible_municipality_id=municipality(session, "3328"),
                                created_at=NOW))
    return people


def test_consent_conflict_emergency_closed_area_and_cases_agree_too(
    demo_db: Database, opened: dict[str, uuid.UUID],
) -> None:
    found = assert_twins_agree(demo_db)
    stat, kommune, gjeld = found["stat"], found["kommune"], found["gjeld"]
    assert {opened[k] for k in ("consent", "emergency", "closed")} <= stat
    assert not {opened[k] for k in ("expired", "withdrawn", "future", "ended_emergency")} & stat
    assert opened["to_gol"] in kommune and opened["to_gol"] not in stat
    assert opened["conflict"] not in kommune and opened["conflict"] in stat
    assert opened["debt_case"] in gjeld
