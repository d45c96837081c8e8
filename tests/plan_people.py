"""People of our own for the plan tests, made in the demo region: no consents, cases or conflicts to blur
what a test looks at. Importable as `plan_people` (tests/ is on sys.path through tests/conftest.py)."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import select

from navdesk.domain import fnr
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Person

GOL = "3324"


def new_person(db: Database, number: str = GOL, *, seed: int = 1) -> uuid.UUID:
    """Kari Planlegger, living at Storgata 1, 3550 Gol (or in municipality `number`)."""
    rng = random.Random(seed)
    with db.session() as session:
        birth = date(1990, 1, 1) + timedelta(days=rng.randrange(5000))
        person = Person(fnr=fnr.make_synthetic(birth, rng), first_name="Kari", last_name="Planlegger",
                        birth_date=birth, residence_municipality_id=municipality(db, number),
                        address_line="Storgata 1", postal_code="3550", postal_place="Gol", created_at=datetime.now())
        session.add(person)
        session.flush()
        return person.id


def municipality(db: Database, number: str = GOL) -> uuid.UUID:
    with db.session() as session:
        return session.scalars(select(Municipality.id).where(Municipality.number == number)).one()
