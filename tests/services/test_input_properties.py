"""Hostile input through the services: saved exactly as typed (less outer spaces) or refused field by field
with nothing half-saved — on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from hostile_input import digits_text, hostile_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from navdesk.domain.codes import Role
from navdesk.domain.errors import ValidationFailed
from navdesk.services import org
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, Service, Staff

# One database serves all examples of a test; each example checks what it changed itself.
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def admin(db: Database) -> Actor:
    with db.session() as session:
        staff = Staff(login="admin", name="Admin", roles=Role.ADMIN.value)
        session.add(staff)
        session.flush()
        return Actor(staff.id, staff.login, staff.name, frozenset({Role.ADMIN}))


@pytest.fixture
def gol(db: Database, admin: Actor) -> uuid.UUID:
    return org.create_municipality(db, admin, org.MunicipalityDraft("3324", "Gol"), today=date(2025, 1, 1)).id


def rows(db: Database) -> tuple[int, int, int]:
    with db.session() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Municipality, Service, Office)
        )


def refused_field_by_field(error: ValidationFailed, fields: set[str]) -> None:
    assert error.errors and set(error.errors) <= fields
    assert all(isinstance(message, str) and message.strip() for message in error.errors.values())


@EXAMPLES
@given(number=st.one_of(digits_text, hostile_text), name=hostile_text)
def test_a_new_municipality_is_saved_as_typed_or_not_at_all(
    db: Database, admin: Actor, number: str, name: str
) -> None:
    before = rows(db)
    try:
        saved = org.create_municipality(
            db, admin, org.MunicipalityDraft(number, name), today=date(2025, 1, 1)
        )
    except ValidationFailed as refused:
        refused_field_by_field(refused, {"number", "name"})
        assert rows(db) == before
        return
    stored = org.get_municipality(db, admin, saved.id)
    assert (stored.number, stored.name) == (number.strip(), name.strip())
    assert rows(db)[0] == before[0] + 1


@EXAMPLES
@given(name=hostile_text)
def test_renaming_a_municipality_saves_the_name_as_typed_or_keeps_the_old_one(
    db: Database, admin: Actor, gol: uuid.UUID, name: str
) -> None:
    loaded = org.get_municipality(db, admin, gol)
    try:
        org.update_municipality(db, admin, gol, loaded.version, org.MunicipalityDraft(loaded.number, name))
    except ValidationFailed as refused:
        refused_field_by_field(refused, {"name"})
        assert org.get_municipality(db, admin, gol) == loaded
        return
    stored = org.get_municipality(db, admin, gol)
    assert stored.name == name.strip() and stored.version > loaded.version


@EXAMPLES
@given(
    code=st.one_of(st.sampled_from(["GOL", "HOL", "ÅL", "NES2"]), hostile_text),
    name=hostile_text,
    address=hostile_text,
)
def test_a_new_office_is_saved_as_typed_or_not_at_all(
    db: Database, admin: Actor, gol: uuid.UUID, code: str, name: str, address: str
) -> None:
    before = rows(db)
    try:
        saved = org.create_office(db, admin, org.OfficeDraft(code, name, address, (gol,)))
    except ValidationFailed as refused:
        refused_field_by_field(refused, {"code", "name", "address"})
        assert rows(db) == before
        return
    stored = org.get_office(db, admin, saved.id)
    assert (stored.code, stored.name, stored.address) == (code.strip(), name.strip(), address.strip())
    assert stored.municipality_ids == (gol,)
