"""Finding people by what a veileder types: name words, a fødselsnummer (or its start), a phone number.

The index differs by database (migration 0002): SQLite has an FTS5 table with prefix indexes,
PostgreSQL full-text and pattern indexes on `person` itself. `person_match_clause` hides the
difference: it is a condition on the `person` table that callers combine with the visibility clause,
the ordering and the limit, all in one SQL statement. The address is never searchable.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Integer,
    Select,
    TextClause,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)

from navdesk.store.models import Person

SEARCH_TABLE = "person_search"
QUERY_PARAMETER = "person_search_query"
NAME_ORDER_GAP = 2**32  # between neighbours' rowids in name order (migration 0003)
RENUMBER_SETTING = "search.renumber"
_INSERT_TRIGGER = "person_search_insert"
_SEARCH_INDEX_PREFIX = "ix_person_search_"

# unicode61's idea of a word: letters and digits; everything else (spaces, '-', '_', '.') separates.
_WORD = re.compile(r"[^\W_]+")
_NUMBER_ONLY = re.compile(r"[\d\s.+-]+")
# The prefix indexes start at two characters; a lone single character would scan most of the index.
MIN_TERM_LENGTH = 2


@dataclass(frozen=True)
class SearchTerms:
    """What to look for: every word must start a name part, every number must start the fnr or phone."""

    words: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.words and not self.numbers


def parse(query: str) -> SearchTerms:
    """Turn typed text into search terms; empty terms when there is not yet enough to search for.

    Text of digits only (spaces, dots and dashes allowed) is one number: a fødselsnummer typed in
    groups, or a phone number, where a leading +47 or 0047 is dropped (phones are kept as 8 digits).
    Otherwise each word is a prefix of a name part, and a word of digits a prefix of fnr or phone;
    words of a single character are left out.
    """
    text = query.strip()
    if _NUMBER_ONLY.fullmatch(text):
        number = re.sub(r"\D", "", text)
        for country in ("47", "0047"):
            if text.lstrip("+").startswith(country) and text[0] in "+0" and len(number) > len(country):
                number = number[len(country):]
                break
        return SearchTerms(numbers=(number,)) if len(number) >= MIN_TERM_LENGTH else SearchTerms()
    # A single letter or digit would expand to most of the index; beside a longer word it adds too
    # little to be worth that, and the next key makes it a proper prefix anyway.
    tokens = [token.lower() for token in _WORD.findall(text) if len(token) >= MIN_TERM_LENGTH]
    if not tokens:
        return SearchTerms()
    return SearchTerms(
        words=tuple(token for token in tokens if not token.isdigit()),
        numbers=tuple(token for token in tokens if token.isdigit()),
    )


def person_match_clause(dialect_name: str, terms: SearchTerms, *, in_name_order: bool = False
                        ) -> ColumnElement[bool]:
    """SQL that is true for the people matching `terms` (which must not be empty).

    `in_name_order`: the caller expects many matches and wants only the first page, so the database
    should walk people in name order (index `ix_person_search_order`) and test each against the
    matches, instead of fetching and sorting every match.
    """
    if terms.empty:
        raise ValueError("nothing to search for")
    if dialect_name == "sqlite":
        return _fts5_clause(terms, in_name_order)
    if dialect_name == "postgresql":
        return _postgresql_clause(terms)
    raise NotImplementedError(f"no person search for {dialect_name}")


def match_count(connection: Connection, terms: SearchTerms) -> int:
    """How many people match, before anyone's access is considered: cheap, to choose a query plan."""
    if connection.dialect.name == "sqlite":
        statement = select(func.count()).select_from(table(SEARCH_TABLE)).where(_fts5_match(terms))
    else:
        statement = select(func.count()).select_from(Person).where(_postgresql_clause(terms))
    return connection.scalar(statement) or 0


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_query(terms: SearchTerms) -> str:
    """The FTS5 MATCH expression: column-filtered prefix phrases, all required."""
    parts = [f"{{first_name last_name}} : {_quoted(word)}*" for word in terms.words]
    parts += [f"{{fnr phone}} : {_quoted(number)}*" for number in terms.numbers]
    return " AND ".join(parts)


def query_parameters(terms: SearchTerms) -> dict[str, str]:
    """The bound value of `person_match_clause` on SQLite, for running a statement built once for other
    terms (the clause's SQL is the same for any terms there)."""
    return {QUERY_PARAMETER: fts5_query(terms)}


def _fts5_match(terms: SearchTerms) -> TextClause:
    return text(f"{SEARCH_TABLE} MATCH :{QUERY_PARAMETER}").bindparams(**{QUERY_PARAMETER: fts5_query(terms)})


def _fts5_clause(terms: SearchTerms, in_name_order: bool) -> ColumnElement[bool]:
    # The index shares person's rowid: joining on it is several times faster than on the uuid.
    # A unary + keeps SQLite from driving the query by the matches, so that it walks the name index.
    matching: Select[tuple[int]] = select(literal_column("rowid")).select_from(table(SEARCH_TABLE)).where(
        _fts5_match(terms))
    rowid: ColumnElement[int] = literal_column(("+" if in_name_order else "") + f"{Person.__tablename__}.rowid")
    return rowid.in_(matching)


def _postgresql_clause(terms: SearchTerms) -> ColumnElement[bool]:
    # The expressions are written exactly as the indexes of migration 0002, so that the planner uses them.
    conditions: list[ColumnElement[bool]] = []
    if terms.words:
        full_name = Person.first_name.op("||")(literal_column("' '")).op("||")(Person.last_name)
        names = func.to_tsvector(literal_column("'simple'"), func.lower(full_name.collate("und-x-icu")))
        query = " & ".join(f"'{word}':*" for word in terms.words)
        conditions.append(names.op("@@")(func.to_tsquery(literal_column("'simple'"), query)))
    phone = func.ltrim(Person.phone, literal_column("'+'"))
    for number in terms.numbers:
        conditions.append(or_(Person.fnr.startswith(number),
                              phone.startswith(number)))
    return and_(*conditions)


@contextmanager
def index_paused(connection: Connection, *, spaced_in_name_order: bool = False) -> Iterator[None]:
    """Bulk loading (the demo's people): index the new rows once at the end instead of one by one.

    On SQLite, FTS5 flushes its buffer at every statement a trigger runs in, which makes row-by-row
    indexing several times slower than one rebuild. The insert trigger is set aside (its own text is kept
    and restored), then everyone's rowid is put in name order (unless the loader gave the rows rowids
    spaced in name order: `spaced_in_name_order`) and the index rebuilt from `person`; if the block fails,
    the rollback restores it all.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    trigger = connection.scalar(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
                                {"name": _INSERT_TRIGGER})
    if trigger is None:
        raise RuntimeError("the person search index is missing: the database is not at the current schema")
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        # Python's sqlite3 begins a transaction only at the first write; the DROP must be inside one.
        connection.exec_driver_sql("BEGIN")
    connection.exec_driver_sql(f"DROP TRIGGER {_INSERT_TRIGGER}")
    yield
    connection.exec_driver_sql(trigger)
    if spaced_in_name_order:  # the loader gave the rows their rowids (`name_order_rowids`)
        connection.exec_driver_sql(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')")
    else:
        renumber(connection)  # the new rows came with rowids in the order they were made, not in name order


def renumber(connection: Connection) -> None:
    """SQLite: space everyone's rowid out in name order again (migration 0003) and rebuild the index.

    Run when `needs_renumbering` says so, at start, and after bulk loading. Rowids that are all below the
    spacing (rows just loaded) move in one pass; otherwise through negative numbers, so that no two rows
    ever share a rowid on the way.
    """
    if connection.dialect.name != "sqlite":
        return
    run = connection.exec_driver_sql
    run("CREATE TEMP TABLE person_name_rank (old INTEGER PRIMARY KEY, rank INTEGER NOT NULL)")
    run("INSERT INTO person_name_rank SELECT rowid, row_number() OVER (ORDER BY last_name, first_name, id) "
        "FROM person")
    low, high = run("SELECT min(rowid), max(rowid) FROM person").one()
    rank = "(SELECT rank FROM person_name_rank WHERE old = person.rowid)"
    if low is not None and low > 0 and high < NAME_ORDER_GAP:
        run(f"UPDATE person SET rowid = {rank} * {NAME_ORDER_GAP}")
    else:
        run(f"UPDATE person SET rowid = -{rank}")
        run(f"UPDATE person SET rowid = -rowid * {NAME_ORDER_GAP}")
    run("DROP TABLE person_name_rank")
    run(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')")
    run(f"DELETE FROM setting WHERE key = '{RENUMBER_SETTING}'")


def name_order_rowids(keys: Sequence[tuple[str, str, uuid.UUID]]) -> list[int]:
    """Rowids spaced in name order for people loaded in bulk into an empty `person` table, given their
    (last name, first name, id): what `renumber` would give them. Python's string order is SQLite's
    BINARY collation (code points), and a uuid orders as its stored hex."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    rowids = [0] * len(keys)
    for rank, index in enumerate(order, start=1):
        rowids[index] = rank * NAME_ORDER_GAP
    return rowids


def needs_renumbering(connection: Connection) -> bool:
    """Whether a person was put after everyone for want of room in name order (see migration 0003)."""
    if connection.dialect.name != "sqlite":
        return False
    return connection.exec_driver_sql(
        f"SELECT 1 FROM setting WHERE key = '{RENUMBER_SETTING}'").first() is not None


def name_ordered_matches(terms: SearchTerms) -> tuple[FromClause, ColumnElement[int], ColumnElement[bool]]:
    """SQLite: (the index joined to `person`, the order, the match condition), for reading matches off the
    index in name order (rowids are in name order, migration 0003) and stopping after a page."""
    index = table(SEARCH_TABLE, column("rowid", Integer))
    person = Person.__table__
    joined = index.join(person, literal_column(f"{Person.__tablename__}.rowid") == index.c.rowid)
    return joined, index.c.rowid, cast(ColumnElement[bool], _fts5_match(terms))


def is_search_object(name: str | None) -> bool:
    """The search index's own tables and indexes, which live outside the models (migration 0002)."""
    if not name:
        return False
    return name == SEARCH_TABLE or name.startswith((SEARCH_TABLE + "_", _SEARCH_INDEX_PREFIX))


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name` hook: leave the search index out of autogenerate and model comparison."""
    return not is_search_object(name)


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's `include_object` hook, for the expression indexes that reflection reports on PostgreSQL."""
    return not is_search_object(name)
