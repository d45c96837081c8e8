"""The demo people the card tests look at, found the way the demo made them.

Importable as `card_people` (tests/ is on sys.path through tests/conftest.py). The demo gives the first
Gol and the first Hemsedal resident a full history on both sides, marks `stat` as conflicted for the
second Gol resident, and gives the first Hol resident a closed child-welfare case named to `rulsaker`.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from navdesk.services.actor import Actor, parse_roles
from navdesk.services.auth import authenticate
from navdesk.store.engine import Database
from navdesk.store.models import ClosedArea, ConflictOfInterest, Municipality, Person, Staff

GOL, HEMSEDAL, HOL = "3324", "3326", "3330"


def resident(db: Database, number: str, index: int = 0) -> uuid.UUID:
    """The `index`-th resident of the municipality, in the order the demo registered them."""
    with db.session() as session:
        ids = session.scalars(
            select(Person.id).join(Municipality, Municipality.id == Person.residence_municipality_id)
            .where(Municipality.number == number).order_by(Person.created_at, Person.id).limit(index + 1)
        ).all()
    return ids[index]


def fnr_of(db: Database, person_id: uuid.UUID) -> str:
    with db.session() as session:
        return session.get_one(Person, person_id).fnr


def sign_in(db: Database, login: str) -> Actor:
    return authenticate(db, login, "demo")


def staff_actor(db: Database, login: str) -> Actor:
    """A staff member without a demo password, acting as if signed in (services only need the actor)."""
    with db.session() as session:
        staff = session.scalars(select(Staff).where(Staff.login == login)).one()
        return Actor(staff.id, staff.login, staff.name, parse_roles(staff.roles), staff.employer_municipality_id)


def conflicted_person(db: Database, login: str) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(
            select(ConflictOfInterest.person_id).join(Staff, Staff.id == ConflictOfInterest.staff_id)
            .where(Staff.login == login, ConflictOfInterest.ended_at.is_(None))
        ).first()  # type: ignore[return-value]


def closed_area_person(db: Database) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(ClosedArea.person_id)).one()
