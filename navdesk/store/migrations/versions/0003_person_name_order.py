"""people's rowids in name order (SQLite)

A broad search ("ha", "nils") matches thousands of people, and the list needs only its first page, in
name order. On SQLite the search index shares `person`'s rowid, and FTS5 hands matches out in rowid
order. With the rowids in name order (last name, first name, id), the first page is the first matches
the reader may see, read straight off the index: no sorting, and the search stops after a page.

Rowids are spaced 2**32 apart. A new person goes halfway between the neighbours in name order, and a
renamed person moves the same way. When there is no room left (32 people inserted at one spot), the person
goes after everyone and the setting `search.renumber` asks the next start to space everyone out again
(`navdesk.store.search.renumber`); until then that person is listed last in broad searches.
The search index is rebuilt here, as it follows the rowids. PostgreSQL: nothing changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GAP = 2**32
_COLUMNS = "rowid, first_name, last_name, fnr, phone"
_OLD = "old.rowid, old.first_name, old.last_name, old.fnr, old.phone"
_DELETE_OLD = f"INSERT INTO person_search(person_search, {_COLUMNS}) VALUES ('delete', {_OLD});"
_INSERT_ROW = f"INSERT INTO person_search({_COLUMNS}) SELECT {_COLUMNS} FROM person WHERE id = new.id;"
_KEY = "(last_name, first_name, id)"
_NEW_KEY = "(new.last_name, new.first_name, new.id)"
_BEFORE = f"(SELECT rowid FROM person WHERE {_KEY} < {_NEW_KEY} ORDER BY last_name DESC, first_name DESC, id DESC LIMIT 1)"
_AFTER = f"(SELECT rowid FROM person WHERE {_KEY} > {_NEW_KEY} ORDER BY last_name, first_name, id LIMIT 1)"


def _place(current: str | None) -> str:
    """The rowid for the row `new` in name order, NULL when there is no free one between its neighbours.
    `current`: the row's rowid now, kept when it is already in place (a rename that keeps the order)."""
    keep = f"WHEN (b IS NULL OR {current} > b) AND (a IS NULL OR {current} < a) THEN {current} " if current else ""
    middle = "b + (a - b) / 2"
    return (
        f"(SELECT CASE {keep}"
        f"WHEN a IS NULL THEN (SELECT max(rowid) FROM person) + {GAP} "
        f"WHEN b IS NULL THEN (SELECT min(rowid) FROM person) - {GAP} "
        f"WHEN a - b >= 2 AND NOT EXISTS (SELECT 1 FROM person WHERE rowid = {middle}) THEN {middle} "
        f"END FROM (SELECT {_BEFORE} AS b, {_AFTER} AS a))"
    )


def _move(current: str | None, where: str) -> str:
    place = _place(current)
    return (
        # No room: note it for the next start, which spaces everyone out again.
        f"INSERT OR REPLACE INTO setting(key, value) SELECT 'search.renumber', '1' WHERE {where} AND {place} IS NULL; "
        f"UPDATE person SET rowid = coalesce({place}, (SELECT max(rowid) FROM person) + {GAP}) "
        f"WHERE rowid = new.rowid AND {where};"
    )


_NAMES_CHANGED = "(new.last_name IS NOT old.last_name OR new.first_name IS NOT old.first_name)"

SQLITE_TRIGGERS = (
    f"CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN {_move(None, '1')} {_INSERT_ROW} END",
    f"CREATE TRIGGER person_search_update AFTER UPDATE OF first_name, last_name, fnr, phone ON person "
    f"BEGIN {_DELETE_OLD} {_move('old.rowid', _NAMES_CHANGED)} {_INSERT_ROW} END",
)
# Everyone in name order, GAP apart: first to -rank (rowids stay unique at every step), then to rank * GAP.
SQLITE_RENUMBER = (
    "CREATE TEMP TABLE person_name_rank (old INTEGER PRIMARY KEY, rank INTEGER NOT NULL)",
    "INSERT INTO person_name_rank SELECT rowid, row_number() OVER (ORDER BY last_name, first_name, id) FROM person",
    "UPDATE person SET rowid = -(SELECT rank FROM person_name_rank WHERE old = person.rowid)",
    f"UPDATE person SET rowid = -rowid * {GAP}",
    "DROP TABLE person_name_rank",
    "INSERT INTO person_search(person_search) VALUES ('rebuild')",
    "DELETE FROM setting WHERE key = 'search.renumber'",
)

_OLD_TRIGGERS = (
    "CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN "
    "INSERT INTO person_search(rowid, first_name, last_name, fnr, phone) "
    "VALUES (new.rowid, new.first_name, new.last_name, new.fnr, new.phone); END",
    "CREATE TRIGGER person_search_update AFTER UPDATE OF first_name, last_name, fnr, phone ON person BEGIN "
    f"{_DELETE_OLD} INSERT INTO person_search(rowid, first_name, last_name, fnr, phone) "
    "VALUES (new.rowid, new.first_name, new.last_name, new.fnr, new.phone); END",
)
_DROP_TRIGGERS = ("DROP TRIGGER person_search_insert", "DROP TRIGGER person_search_update")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in (*_DROP_TRIGGERS, *SQLITE_TRIGGERS, *SQLITE_RENUMBER):
            op.execute(statement)


def downgrade() -> None:
    # The rowids may stay where they are: the old triggers work with any.
    if op.get_bind().dialect.name == "sqlite":
        for statement in (*_DROP_TRIGGERS, *_OLD_TRIGGERS):
            op.execute(statement)
