"""Bulk inserts straight to SQLite's driver, for the demo's hundreds of thousands of rows.

Core's executemany spends most of its time building parameters row by row; here the values are taken
column by column, and each column is converted in one pass: ids, dates, times, timestamps and flags by the
standard library's own formatting, which gives exactly the text SQLAlchemy's SQLite types store (a test
compares both), and any other column by that type's bind processor. That makes the demo about twice as fast.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime, time
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Boolean, Column, Connection, Date, DateTime, Dialect, Table, Time, Uuid

ROWID = "rowid"
Processor = Callable[[Any], Any]
ColumnProcessor = Callable[[Sequence[Any]], Sequence[Any]]


@dataclass(frozen=True)
class SqliteInsert:
    sql: str
    keys: tuple[str, ...]  # the rows' keys in statement order
    processors: tuple[tuple[int, ColumnProcessor], ...]  # (position, converter of a whole column) where needed
    defaults: tuple[Any, ...]  # processed scalar defaults of the columns the rows leave out

    @classmethod
    def plan(cls, table: Table, keys: Set[str], dialect: Dialect) -> SqliteInsert | None:
        """The statement for rows with `keys`; None where Core must do it (another database, or a
        column the rows leave out whose default is computed)."""
        if dialect.name != "sqlite":
            return None
        given = [column for column in table.columns if column.key in keys]
        # Columns left out without a Python default get the database's own default (or NULL).
        defaulted = [c for c in table.columns if c.key not in keys and c.default is not None]
        if any(not column.default.is_scalar for column in defaulted):  # type: ignore[union-attr]
            return None
        defaults = []
        for column in defaulted:
            value = column.default.arg  # type: ignore[union-attr]
            process = _processor(column, dialect)
            defaults.append(process(value) if process is not None else value)
        preparer = dialect.identifier_preparer
        rowid = ("rowid",) if ROWID in keys else ()  # SQLite's own key, given by the loader (`person`)
        names = ", ".join((*rowid, *(preparer.quote(column.name) for column in (*given, *defaulted))))
        marks = ", ".join("?" for _name in (*rowid, *given, *defaulted))
        processors = [(index + len(rowid), _column_processor(column, dialect)) for index, column in enumerate(given)]
        return cls(
            sql=f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({marks})",
            keys=(*rowid, *(column.key for column in given)),
            processors=tuple((index, process) for index, process in processors if process is not None),
            defaults=tuple(defaults),
        )

    def run(self, connection: Connection, rows: Sequence[Mapping[str, Any]], *, by_id: bool = False) -> None:
        """Insert `rows`; with `by_id`, in the order of their ids (UUIDs), see `DemoContext.insert_rows`."""
        # Each row is read once, into a tuple: reading the rows column by column went over thousands of
        # dicts, spread over the memory, once per column, which took longer than the conversions.
        columns: list[Sequence[Any]] = list(zip(*map(_row_reader(self.keys), rows), strict=True))
        for index, process in self.processors:
            columns[index] = process(columns[index])
        count = len(rows)
        defaults = ([value] * count for value in self.defaults)
        values = list(zip(*columns, *defaults, strict=True))
        if by_id:
            # The ids are now fixed-width hex, whose text order is the order of the numbers: sorting by it
            # needs no key function called per row.
            values.sort(key=itemgetter(self.keys.index("id")))
        connection.exec_driver_sql(self.sql, values)


def _row_reader(keys: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A row's values for `keys`, as a tuple (itemgetter gives a bare value for a single key)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda row: (row[key],)
    return itemgetter(*keys)


def _processor(column: Column[Any], dialect: Dialect) -> Processor | None:
    return cast(Processor | None, column.type.dialect_impl(dialect).bind_processor(dialect))


def _column_processor(column: Column[Any], dialect: Dialect) -> ColumnProcessor | None:
    """A converter of a whole column: the standard library's formatting where it gives what the type's bind
    processor gives (checked on a sample), the bind processor for anything else (None, an aware time, a
    datetime in a date column)."""
    slow = _processor(column, dialect)
    if slow is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid) and slow(_SAMPLE_ID) == _SAMPLE_ID.hex:
        return lambda values: [None if value is None else f"{value.int:032x}" for value in values]
    if isinstance(kind, DateTime) and slow(_SAMPLE_MOMENT) == _SAMPLE_MOMENT.isoformat(" ", "microseconds"):
        return lambda values: [value.isoformat(" ", "microseconds")
                               if value.__class__ is datetime and value.tzinfo is None else slow(value)
                               for value in values]
    if isinstance(kind, Date) and slow(_SAMPLE_MOMENT.date()) == _SAMPLE_MOMENT.date().isoformat():
        return lambda values: [value.isoformat() if value.__class__ is date else slow(value) for value in values]
    if isinstance(kind, Time) and slow(_SAMPLE_MOMENT.time()) == _SAMPLE_MOMENT.time().isoformat("microseconds"):
        return lambda values: [value.isoformat("microseconds")
                               if value.__class__ is time and value.tzinfo is None else slow(value)
                               for value in values]
    if isinstance(kind, Boolean) and (slow(True), slow(False)) == (1, 0):
        return lambda values: [1 if value is True else 0 if value is False else slow(value) for value in values]
    return lambda values: [slow(value) for value in values]


_SAMPLE_ID = uuid.UUID("018f0000-0000-7000-8000-000000000001")
_SAMPLE_MOMENT = datetime(2001, 2, 3, 4, 5, 6, 7)
