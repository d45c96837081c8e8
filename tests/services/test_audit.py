"""The access log's hash chain: intact when untouched, broken at the first altered or deleted row."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from navdesk.domain.codes import Role
from navdesk.services import audit
from navdesk.services.actor import Actor
from navdesk.store.engine import Database

ACTOR = Actor(staff_id=uuid.uuid4(), login="stat", name="Stat", roles=frozenset({Role.VEILEDER}))


def _fill(db: Database, count: int) -> uuid.UUID:
    person = uuid.uuid4()
    for index in range(count):
        with db.session() as session:
            audit.log(session, ACTOR, person_id=person, action=audit.LogAction.READ, what=f"card {index}",
                      allowed=index % 3 != 0)
    return person


def test_an_untouched_chain_verifies(db: Database) -> None:
    _fill(db, 6)
    state = audit.verify(db)
    assert state.intact and state.entries == 6


def test_an_empty_log_verifies(db: Database) -> None:
    assert audit.verify(db).intact


def test_an_altered_row_is_named(db: Database) -> None:
    _fill(db, 6)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE access_log SET allowed = NOT allowed WHERE seq = 4"))
    state = audit.verify(db)
    assert (state.first_broken_seq, state.problem) == (4, "altered")


def test_a_deleted_row_is_named(db: Database) -> None:
    _fill(db, 6)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM access_log WHERE seq = 3"))
    state = audit.verify(db)
    assert (state.first_broken_seq, state.problem) == (3, "missing")


def test_a_rolled_back_action_leaves_no_log_entry(db: Database) -> None:
    try:
        with db.session() as session:
            audit.log(session, ACTOR, person_id=None, action="change", what="x", allowed=True)
            raise RuntimeError("the action failed half-way")
    except RuntimeError:
        pass
    assert audit.verify(db).entries == 0
