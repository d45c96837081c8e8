"""Importing people from CSV: all or nothing, every bad row named by its line, the form's own rules."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from navdesk.domain.fnr import make_synthetic
from navdesk.services import audit
from navdesk.services.import_clients import ImportRefused, import_clients
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, Person

HEADER = "fodselsnummer;fornavn;etternavn;kommunenummer;telefon;epost;sprak;tolk;fortrolig_adresse"
_rng = random.Random(5)


def number(birth: date = date(1991, 2, 3)) -> str:
    return make_synthetic(birth, _rng)


def write(tmp_path: Path, lines: list[str], *, bom: bool = False, name: str = "clients.csv") -> Path:
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def test_a_good_file_is_imported_with_one_log_entry_per_person(demo_db: Database, tmp_path: Path) -> None:
    before = count(demo_db)
    first, second = number(), number()
    path = write(tmp_path, [HEADER, f"{first};Åsmund;Ødegård;3324;912 34 567;a@example.com;ti;ja;nei",
                            f"{second};Kari;Li;3320;;;;nei;ja"], bom=True)
    result = import_clients(demo_db, path)
    assert (result.rows, result.imported, result.accepted) == (2, 2, True)
    assert count(demo_db) == before + 2
    with demo_db.session() as session:
        asmund = session.scalars(select(Person).where(Person.fnr == first)).one()
        assert (asmund.phone, asmund.language, asmund.interpreter_needed, asmund.birth_date) == (
            "91234567", "ti", True, date(1991, 2, 3))
        kari = session.scalars(select(Person).where(Person.fnr == second)).one()
        assert (kari.language, kari.protected_address) == ("nb", True)
        entries = session.scalars(select(AccessLogEntry).where(AccessLogEntry.what == "import")).all()
    assert {e.person_id for e in entries} == {asmund.id, kari.id}
    assert all(e.staff_id is None and e.allowed and e.action == "change" for e in entries)
    assert audit.verify(demo_db).intact


def test_one_bad_row_and_nothing_is_imported_and_every_bad_row_is_named(
    demo_db: Database, tmp_path: Path, english: None,
) -> None:
    repeated = number()
    with demo_db.session() as session:
        registered = session.scalars(select(Person.fnr).limit(1)).one()
    path = write(tmp_path, [
        HEADER,
        f"{number()};Gyldig;Person;3324;;;;;",
        f"{repeated};Første;Gang;3324;;;;;",
        "12345678901;;Feil;9999;12;ikke-epost;xx;kanskje;",
        "",
        f"{repeated};Andre;Gang;3324;;;;;",
        f"{registered};Finnes;Fra;3324;;;;;",
        "for;få;kolonner",
    ])
    before = count(demo_db)
    with demo_db.session() as session:  # the demo region comes with an access log of its own
        logged = session.scalar(select(func.count()).select_from(AccessLogEntry))
    result = import_clients(demo_db, path)
    assert not result.accepted and result.imported == 0 and count(demo_db) == before
    problems = {(p.line, p.column) for p in result.problems}
    assert {(4, "fodselsnummer"), (4, "fornavn"), (4, "kommunenummer"), (4, "telefon"), (4, "epost"),
            (4, "sprak"), (4, "tolk"), (6, "fodselsnummer"), (7, "fodselsnummer"), (8, "")} == problems
    messages = {p.describe() for p in result.problems}
    assert "Line 6, fodselsnummer: The same number is on line 3." in messages
    assert "Line 4, kommunenummer: No municipality with number 9999 is set up in navdesk." in messages
    assert "Line 8: Expected 9 columns, found 3." in messages
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).select_from(AccessLogEntry)) == logged


def test_comma_separated_and_a_dry_run_writes_nothing(demo_db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, ["fodselsnummer,fornavn,etternavn,kommunenummer",
                            f'{number()},"Anne, Marie",Berg,3328'])
    before = count(demo_db)
    checked = import_clients(demo_db, path, dry_run=True)
    assert (checked.accepted, checked.rows, checked.imported, count(demo_db)) == (True, 1, 0, before)
    assert import_clients(demo_db, path).imported == 1
    with demo_db.session() as session:
        assert session.scalars(select(Person.first_name).where(Person.last_name == "Berg",
                                                              Person.first_name == "Anne, Marie")).one()


def test_synthetic_numbers_are_refused_outside_a_demo_or_test_database(
    db: Database, tmp_path: Path, english: None,
) -> None:
    path = write(tmp_path, ["fodselsnummer;fornavn;etternavn;kommunenummer", f"{number()};Test;Testesen;3324"])
    problems = import_clients(db, path).problems
    assert [p.column for p in problems] == ["fodselsnummer", "kommunenummer"]
    assert "synthetic" in problems[0].message


@pytest.mark.parametrize(("content", "message"), [
    (b"fodselsnummer;fornavn;etternavn\n", "Missing columns: kommunenummer"),
    (b"fodselsnummer;fornavn;etternavn;kommunenummer;skonummer\n", "Unknown columns: skonummer"),
    ("fødselsnummer;fornavn;etternavn;kommunenummer\n12;Å;Ø;3324\n".encode("latin-1"), "not a UTF-8 text file"),
])
def test_a_file_that_cannot_be_read_as_a_whole_is_refused(
    demo_db: Database, tmp_path: Path, english: None, content: bytes, message: str,
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        import_clients(demo_db, path)


def test_norwegian_letters_in_the_header_are_accepted(demo_db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, ["Fødselsnummer;Fornavn;Etternavn;Kommunenummer;Språk", f"{number()};Siv;Sand;3330;pl"])
    assert import_clients(demo_db, path).imported == 1


@pytest.mark.sqlite_only
def test_many_people_of_one_name_still_come_in_name_order_for_search(demo_db: Database, tmp_path: Path) -> None:
    """Forty alike leave no room between their neighbours' rowids (migration 0003): the import spaces
    everyone out again at once, so that broad searches list them in name order without waiting for a start."""
    rows = [f"{number(date(1960 + i, 1 + i % 12, 1 + i % 28))};Kari;Nordmann;3324;;;;nei;nei" for i in range(40)]
    assert import_clients(demo_db, write(tmp_path, [HEADER, *rows])).imported == 40
    with demo_db.engine.connect() as connection:
        by_rowid = [row[0] for row in connection.exec_driver_sql("SELECT id FROM person ORDER BY rowid")]
        by_name = [row[0] for row in connection.exec_driver_sql(
            "SELECT id FROM person ORDER BY last_name, first_name, id")]
        waiting = connection.exec_driver_sql("SELECT 1 FROM setting WHERE key = 'search.renumber'").first()
    assert by_rowid == by_name and waiting is None
