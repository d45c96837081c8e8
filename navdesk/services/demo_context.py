"""What every part of the demo builder shares: the session, named random streams, deterministic ids.

Each kind of data draws from its own random stream (named after it), so that adding a new kind of
data later does not change what the existing kinds produce for the same seed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from navdesk.services.demo_bulk import SqliteInsert
from navdesk.store.base import Base

_EPOCH = datetime(1970, 1, 1)
_MILLISECOND = timedelta(milliseconds=1)


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since the Unix epoch; naive datetimes are taken as UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment - _EPOCH) // _MILLISECOND


class DemoIds:
    """UUIDv7-shaped, time-ordered ids whose random bits come from a seeded stream.

    `new_id()` reads the clock, so two demo builds would differ; these ids depend only on the seed,
    the demo's `today` and the order in which they are made.
    """

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self._rng = rng
        self._clock_ms = epoch_ms(start)

    def next(self) -> uuid.UUID:
        """The next id, one millisecond after the previous one made by `next()`."""
        self._clock_ms += 1
        return self._make(self._clock_ms)

    def at(self, moment: datetime) -> uuid.UUID:
        """An id stamped with `moment`, for records whose creation time is part of the data."""
        return self._make(epoch_ms(moment))

    def _make(self, ms: int) -> uuid.UUID:
        rand_a = self._rng.getrandbits(12)
        rand_b = self._rng.getrandbits(62)
        value = (ms & (2**48 - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
        return uuid.UUID(int=value)


@dataclass
class DemoContext:
    """One demo build: its session, seed and day, and the random streams and id makers it hands out."""

    session: Session
    seed: int
    today: date
    _rngs: dict[str, random.Random] = field(default_factory=dict)
    _ids: dict[str, DemoIds] = field(default_factory=dict)
    _inserts: dict[tuple[str, frozenset[str]], SqliteInsert | None] = field(default_factory=dict)

    @property
    def organisation_start(self) -> datetime:
        """When the demo organisation was "set up": well before the oldest person (two years back)."""
        return datetime.combine(self.today - timedelta(days=3 * 365), time(8, 0))

    def save(self, *records: object) -> None:
        """Add and flush at once: the unit of work orders inserts by relationships only, so rows that
        merely hold a foreign key must follow what they point to in separate flushes."""
        self.session.add_all(records)
        self.session.flush()

    def rng(self, name: str) -> random.Random:
        """The random stream for one kind of data (the same object on every call with that name)."""
        if name not in self._rngs:
            self._rngs[name] = random.Random(f"navdesk-demo:{self.seed}:{name}")
        return self._rngs[name]

    def ids(self, name: str) -> DemoIds:
        """The id maker for one table (or kind of record)."""
        if name not in self._ids:
            self._ids[name] = DemoIds(self.rng(f"ids:{name}"), self.organisation_start)
        return self._ids[name]

    def insert_rows(self, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
        """Bulk-insert rows that all have the same keys: the demo's hot path, no ORM objects.

        Columns the rows leave out get their defaults. On SQLite see `demo_bulk`; elsewhere Core does it.
        """
        if not rows:
            return
        table = cast(Table, model.__table__)
        connection = self.session.connection()
        key = (table.name, frozenset(rows[0]))
        if key not in self._inserts:
            self._inserts[key] = SqliteInsert.plan(table, key[1], connection.dialect)
        fast = self._inserts[key]
        if fast is None:
            connection.execute(insert(table), list(rows))
        else:
            fast.run(connection, rows)
