"""person search index

Search as you type over names, fødselsnummer and phone — never the address.

SQLite: an FTS5 index `person_search` over `person`'s own columns (external content: nothing is stored
twice), with prefix indexes for 2, 3 and 4 characters and a tokenizer that keeps æ, ø and å as letters
of their own. Its rows share `person`'s rowid, which makes the join cheap; triggers keep it in sync.
`INSERT INTO person_search(person_search) VALUES('integrity-check')` verifies it and `('rebuild')`
rebuilds it. VACUUM and the backup API keep rowids, so the index stays valid through both.

PostgreSQL: the same queries run on expression indexes — a GIN full-text index over the names (word
prefixes with `:*`) and pattern indexes for number prefixes — so nothing needs to be kept in sync.
The names are lower-cased with ICU's root collation ("und-x-icu"): a server created without a locale
(`initdb --no-locale`) would otherwise lower-case only A–Z and leave Æ, Ø and Å as they are.

Both: an index on the names in list order, so that a broad search (thousands of matches) can walk
people in order and stop at the first page.

A later migration that rebuilds `person` in batch mode on SQLite drops these triggers with the old
table and renumbers the rowids: it must create the triggers again and rebuild the index
(tests/store/test_search_index.py checks that the triggers exist at head).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 03:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "rowid, first_name, last_name, fnr, phone"
_NEW = "new.rowid, new.first_name, new.last_name, new.fnr, new.phone"
_OLD = "old.rowid, old.first_name, old.last_name, old.fnr, old.phone"
_INSERT_NEW = f"INSERT INTO person_search({_COLUMNS}) VALUES ({_NEW});"
_DELETE_OLD = f"INSERT INTO person_search(person_search, {_COLUMNS}) VALUES ('delete', {_OLD});"

# Broad searches walk people in name order and stop at the first page, instead of sorting every match.
_ORDER_INDEX = "CREATE INDEX ix_person_search_order ON person (last_name, first_name, id)"

SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE person_search USING fts5(first_name, last_name, fnr, phone, content='person', "
    "prefix='2 3 4', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN {_INSERT_NEW} END",
    f"CREATE TRIGGER person_search_update AFTER UPDATE OF first_name, last_name, fnr, phone ON person "
    f"BEGIN {_DELETE_OLD} {_INSERT_NEW} END",
    f"CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN {_DELETE_OLD} END",
    "INSERT INTO person_search(person_search) VALUES ('rebuild')",
    _ORDER_INDEX,
)
SQLITE_DOWNGRADE = (
    "DROP INDEX IF EXISTS ix_person_search_order",
    "DROP TRIGGER IF EXISTS person_search_delete",
    "DROP TRIGGER IF EXISTS person_search_update",
    "DROP TRIGGER IF EXISTS person_search_insert",
    "DROP TABLE IF EXISTS person_search",
)

POSTGRESQL_UPGRADE = (
    "CREATE INDEX ix_person_search_name ON person "
    "USING gin (to_tsvector('simple', lower((first_name || ' ' || last_name) COLLATE \"und-x-icu\")))",
    "CREATE INDEX ix_person_search_fnr ON person (fnr text_pattern_ops)",
    "CREATE INDEX ix_person_search_phone ON person (ltrim(phone, '+') text_pattern_ops)",
    _ORDER_INDEX,
)
POSTGRESQL_DOWNGRADE = (
    "DROP INDEX IF EXISTS ix_person_search_order",
    "DROP INDEX IF EXISTS ix_person_search_phone",
    "DROP INDEX IF EXISTS ix_person_search_fnr",
    "DROP INDEX IF EXISTS ix_person_search_name",
)


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UPGRADE)
    elif dialect == "postgresql":
        _run(POSTGRESQL_UPGRADE)
    else:
        raise NotImplementedError(f"no person search index for {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(SQLITE_DOWNGRADE if dialect == "sqlite" else POSTGRESQL_DOWNGRADE)
