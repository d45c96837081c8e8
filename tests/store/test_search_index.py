"""The person search index of revisions 0002 and 0003: present at head, in step with `person`, through VACUUM
too, and `person`'s rowids in name order.

On PostgreSQL the index is an expression index and needs no keeping in step; the same searches run there.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from navdesk.domain.fnr import make_synthetic
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Person
from navdesk.store.search import (
    SearchTerms,
    index_paused,
    match_count,
    needs_renumbering,
    parse,
    person_match_clause,
    renumber,
)

TRIGGERS = {"person_search_insert", "person_search_update", "person_search_delete"}
_numbers = random.Random(3)


def add_people(db: Database, names: list[tuple[str, str]], *, first: int = 0) -> list[uuid.UUID]:
    with db.session() as session:
        return add_people_in(session, names, first=first)


def add_people_in(session: Session, names: list[tuple[str, str]], *, first: int = 0) -> list[uuid.UUID]:
    """`first`: the number of the first person, which sets the birth date (calls adding one person at a time
    number them, so that their fødselsnummer differ)."""
    municipality = session.scalars(select(Municipality).where(Municipality.number == "3324")).one_or_none()
    if municipality is None:
        municipality = Municipality(number="3324", name="Gol")
        session.add(municipality)
        session.flush()
    people = [Person(fnr=make_synthetic(date(1940 + i % 60, 1 + i % 12, 1 + i % 28), _numbers), first_name=first_name,
                     last_name=last, birth_date=date(1970, 1, 1), residence_municipality_id=municipality.id,
                     phone=f"9{i:07d}", created_at=datetime(2025, 1, 1))
              for i, (first_name, last) in enumerate(names, start=first)]
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


def in_rowid_order(db: Database) -> list[uuid.UUID]:
    with db.engine.connect() as connection:
        return [uuid.UUID(hex=row[0]) for row in connection.exec_driver_sql("SELECT id FROM person ORDER BY rowid")]


def in_name_order(db: Database) -> list[uuid.UUID]:
    with db.session() as session:
        return list(session.scalars(select(Person.id).order_by(Person.last_name, Person.first_name, Person.id)))


def needs_renumbering_now(db: Database) -> bool:
    with db.engine.connect() as connection:
        return needs_renumbering(connection)


@pytest.mark.sqlite_only
def test_rowids_follow_name_order_through_registrations_renames_and_deletes(db: Database) -> None:
    """Broad searches read matches off the index in rowid order as the list's name order (migration 0003)."""
    shuffle = random.Random(8)
    names = [(first, last) for first in ("Ola", "Kari", "Åse", "Per") for last in ("Berg", "Aas", "Øien", "Moe")]
    shuffle.shuffle(names)
    ids = []
    for number, name in enumerate(names):  # one at a time: each goes between its neighbours
        ids += add_people(db, [name], first=number)
    ids += add_people(db, [("Anne", "Moe"), ("Anne", "Berg"), ("Zeb", "Aas")], first=50)  # several in one flush
    with db.session() as session:
        session.get_one(Person, ids[0]).last_name = "Aal"
        session.get_one(Person, ids[1]).first_name = "Ålov"
        session.get_one(Person, ids[2]).phone = "91234567"  # not a name: stays where it is
        session.execute(delete(Person).where(Person.id == ids[3]))
    assert in_rowid_order(db) == in_name_order(db)
    assert not needs_renumbering_now(db)
    assert integrity_ok(db)
    assert found(db, "aal") == [session_name(db, ids[0])]


def session_name(db: Database, person_id: uuid.UUID) -> str:
    with db.session() as session:
        return session.get_one(Person, person_id).first_name


@pytest.mark.sqlite_only
def test_with_no_room_left_a_person_goes_last_until_the_next_start_spaces_everyone_out(db: Database) -> None:
    # The same name again and again: each newcomer goes between the last of them and the next name, halving
    # the room there, until none is left (after 32).
    add_people(db, [("Ola", "Berg"), ("Ola", "Dahl")])
    for number in range(2, 36):
        add_people(db, [("Ola", "Berg")], first=number)
    assert needs_renumbering_now(db)
    assert in_rowid_order(db)[-1] != in_name_order(db)[-1]  # an "Ola Berg" is listed after "Ola Dahl"
    assert found(db, "berg") == ["Ola"] * 35  # found all the same
    with db.session() as session:
        renumber(session.connection())
    assert in_rowid_order(db) == in_name_order(db)
    assert not needs_renumbering_now(db) and integrity_ok(db)


@pytest.mark.sqlite_only
def test_opening_the_database_spaces_people_out_when_asked(tmp_path: Path) -> None:
    from navdesk.services.startup import open_database

    path = tmp_path / "office.sqlite"
    db = open_database(path, backup_dir=tmp_path / "backups")
    add_people(db, [("Ola", "Berg"), ("Kari", "Berg")])
    with db.session() as session:
        session.connection().exec_driver_sql("UPDATE person SET rowid = -rowid")  # out of order
        session.connection().exec_driver_sql("INSERT INTO setting(key, value) VALUES ('search.renumber', '1')")
    db.dispose()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert in_rowid_order(db) == in_name_order(db) and not needs_renumbering_now(db)
        assert integrity_ok(db)
    finally:
        db.dispose()
