"""The person search index of revision 0002: present at head, in step with `person`, through VACUUM too.

On PostgreSQL the index is an expression index and needs no keeping in step; the same searches run there.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from navdesk.domain.fnr import make_synthetic
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Person
from navdesk.store.search import SearchTerms, index_paused, match_count, parse, person_match_clause

TRIGGERS = {"person_search_insert", "person_search_update", "person_search_delete"}
_numbers = random.Random(3)


def add_people(db: Database, names: list[tuple[str, str]]) -> list[uuid.UUID]:
    with db.session() as session:
        return add_people_in(session, names)


def add_people_in(session: Session, names: list[tuple[str, str]]) -> list[uuid.UUID]:
    municipality = session.scalars(select(Municipality).where(Municipality.number == "3324")).one_or_none()
    if municipality is None:
        municipality = Municipality(number="3324", name="Gol")
        session.add(municipality)
        session.flush()
    people = [Person(fnr=make_synthetic(date(1970 + i % 30, 1 + i % 12, 1 + i % 28), _numbers), first_name=first,
                     last_name=last, birth_date=date(1970, 1, 1), residence_municipality_id=municipality.id,
                     phone=f"9{i:07d}", created_at=datetime(2025, 1, 1)) for i, (first, last) in enumerate(names)]
    session.add_all(people)
    session.flush()
    return [person.id for person in people]


def found(db: Database, query: str) -> list[str]:
    with db.session() as session:
        clause = person_match_clause(db.engine.dialect.name, parse(query))
        return list(session.scalars(select(Person.first_name).where(clause).order_by(Person.first_name)))


def integrity_ok(db: Database) -> bool:
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO person_search(person_search, rank) VALUES ('integrity-check', 1)"))
    return True


@pytest.mark.sqlite_only
def test_the_triggers_exist_at_head(db: Database) -> None:
    with db.engine.connect() as connection:
        names = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    assert names >= TRIGGERS


def test_inserts_updates_and_deletes_keep_the_index_in_step(db: Database) -> None:
    ids = add_people(db, [("Anna", "Berg"), ("Bjørn", "Dahl"), ("Cecilie", "Berg")])
    assert found(db, "berg") == ["Anna", "Cecilie"]
    with db.session() as session:
        session.get_one(Person, ids[0]).last_name = "Strand"
        session.execute(delete(Person).where(Person.id == ids[2]))
    assert found(db, "berg") == []
    assert found(db, "str ann") == ["Anna"]
    assert db.engine.dialect.name != "sqlite" or integrity_ok(db)
    with db.engine.connect() as connection:
        assert match_count(connection, SearchTerms(words=("dahl",))) == 1


@pytest.mark.sqlite_only
def test_vacuum_keeps_rowids_and_so_the_index(db: Database) -> None:
    ids = add_people(db, [(f"Navn{i}", f"Etter{i % 7}") for i in range(200)])
    with db.session() as session:
        session.execute(delete(Person).where(Person.id.in_(ids[::3])))
    before = found(db, "etter3")
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM"))
    assert found(db, "etter3") == before and before
    assert integrity_ok(db)


@pytest.mark.sqlite_only
def test_a_paused_index_is_rebuilt_once_and_its_trigger_put_back(db: Database) -> None:
    with db.session() as session, index_paused(session.connection()):
        add_people_in(session, [("Bulk", "Lastesen")])
    assert found(db, "lastesen") == ["Bulk"]
    assert integrity_ok(db)
    with pytest.raises(RuntimeError, match="half-way"), db.session() as session, index_paused(session.connection()):
        raise RuntimeError("the load failed half-way")
    add_people(db, [("Etter", "Feilen")])
    assert found(db, "feilen") == ["Etter"]  # the rollback kept the trigger
