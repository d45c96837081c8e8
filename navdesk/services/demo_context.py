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
from typing import Any, TypeVar, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from navdesk.services.demo_bulk import SqliteInsert
from navdesk.store.base import Base

T = TypeVar("T")
_EPOCH = datetime(1970, 1, 1)
_new_object, _set_attribute = object.__new__, object.__setattr__
_UNKNOWN = uuid.SafeUUID.unknown
_MS_MASK, _RAND_B_MASK = 2**48 - 1, 2**62 - 1
_VERSION_7, _VARIANT = 0x7 << 76, 0b10 << 62
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
        bits = self._rng.getrandbits(74)  # rand_a (12 bits) and rand_b (62 bits) in one draw
        value = (ms & _MS_MASK) << 80 | _VERSION_7 | (bits >> 62) << 64 | _VARIANT | (bits & _RAND_B_MASK)
        # What uuid.UUID(int=value) does, without its checks: the value is a valid version-7 UUID by
        # construction, and the demo makes millions of them.
        made = _new_object(uuid.UUID)
        _set_attribute(made, "int", value)
        _set_attribute(made, "is_safe", _UNKNOWN)
        return made


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
        """When the demo organisation was "set up": before the oldest person was registered (see
        `demo_people`: at most about six years before the demo's day)."""
        return datetime.combine(self.today - timedelta(days=7 * 365), time(8, 0))

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

        Rows with a demo id go in id order: each lands next to the one before in the primary-key index,
        which keeps the inserts into tables of hundreds of thousands of rows from jumping around the file.
        Columns the rows leave out get their defaults. On SQLite see `demo_bulk`; elsewhere Core does it.
        """
        if not rows:
            return
        by_id = isinstance(rows[0].get("id"), uuid.UUID)
        table = cast(Table, model.__table__)
        connection = self.session.connection()
        key = (table.name, frozenset(rows[0]))
        if key not in self._inserts:
            self._inserts[key] = SqliteInsert.plan(table, key[1], connection.dialect)
        fast = self._inserts[key]
        if fast is not None:
            fast.run(connection, rows, by_id=by_id)  # sorts the rows once their ids are text: quicker
        else:
            connection.execute(insert(table), sorted(rows, key=_id_order) if by_id else list(rows))


def _id_order(row: Mapping[str, Any]) -> int:
    return row["id"].int  # type: ignore[no-any-return]


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """`rng.choice`, at a third of the cost (the demo draws millions of times)."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """`rng.randint`, at a third of the cost."""
    return low + int(rng.random() * (high - low + 1))


def small_count(rng: random.Random, mean: float) -> int:
    """A small count around `mean` (a cheap stand-in for a Poisson draw)."""
    whole = int(mean)
    count = whole + (rng.random() < mean - whole)
    if whole:
        count += (rng.random() < 0.25) - (rng.random() < 0.25)
    return count
