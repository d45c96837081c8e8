"""The access log: every read and change of a person's data, append-only and tamper-evident.

Each entry holds the hash of the one before, so altering or deleting a row outside navdesk breaks
the chain at that row; `verify()` names the first broken entry. Entries are written in the caller's
session, so a logged change and its log entry commit (or roll back) together. Refusals are logged too:
the caller logs them in a session that commits even though the action is refused.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry

GENESIS = "0" * 64
# Serialises the chain's writers on PostgreSQL (several desks).
_CHAIN_LOCK_KEY = 7_120_331


class LogAction:
    FIND = "find"
    READ = "read"
    CHANGE = "change"
    PRINT = "print"
    EXPORT = "export"
    EMERGENCY = "emergency"


class ChainedFields(Protocol):
    """What an entry's hash covers: an `AccessLogEntry`, or the same fields of one not yet made."""

    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def staff_id(self) -> uuid.UUID | None: ...
    @property
    def staff_login(self) -> str: ...
    @property
    def person_id(self) -> uuid.UUID | None: ...
    @property
    def action(self) -> str: ...
    @property
    def what(self) -> str: ...
    @property
    def why(self) -> str: ...
    @property
    def allowed(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    @property
    def prev_hash(self) -> str: ...


def _digest(entry: ChainedFields) -> str:
    fields = [
        str(entry.seq),
        entry.at.isoformat(timespec="microseconds"),
        str(entry.staff_id or ""),
        entry.staff_login,
        str(entry.person_id or ""),
        entry.action,
        entry.what,
        entry.why,
        "1" if entry.allowed else "0",
        entry.reason,
        entry.prev_hash,
    ]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def entry_hash(entry: ChainedFields) -> str:
    """The hash `log` gives an entry with these fields: for a writer that links many entries at once (the demo
    region's history)."""
    return _digest(entry)


def _lock_chain(session: Session) -> None:
    """Hold the chain's head until this transaction ends, so that two writers never link to the same entry."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})
        return
    # SQLite takes its single write lock only at the first write, after the head has been read; another
    # program on the same file (the command line next to the GUI) could append in between. Taking the
    # write lock first makes the read and the append one step; busy_timeout lets the other finish.
    connection = session.connection().connection.driver_connection
    if connection is not None and not connection.in_transaction:
        connection.execute("BEGIN IMMEDIATE")


def log(
    session: Session,
    actor: Actor | None,
    *,
    person_id: uuid.UUID | None,
    action: str,
    what: str,
    allowed: bool,
    why: str = "",
    reason: str = "",
    at: datetime | None = None,
) -> AccessLogEntry:
    """Append one entry to the chain inside `session`."""
    _lock_chain(session)
    head = session.execute(
        select(AccessLogEntry.seq, AccessLogEntry.hash).order_by(AccessLogEntry.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS)
    entry = AccessLogEntry(
        seq=seq,
        at=(at or datetime.now()).replace(tzinfo=None),
        staff_id=actor.staff_id if actor else None,
        staff_login=actor.login if actor else "",
        person_id=person_id,
        action=action,
        what=what[:200],
        why=why,
        allowed=allowed,
        reason=reason,
        prev_hash=prev_hash,
    )
    entry.hash = _digest(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainState:
    entries: int
    first_broken_seq: int | None  # None: the chain is whole
    problem: str  # "" when whole; else "altered", "missing" or "relinked"

    @property
    def intact(self) -> bool:
        return self.first_broken_seq is None


def _walk(session: Session) -> Iterator[AccessLogEntry]:
    yield from session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq).execution_options(yield_per=2000))


def verify(db: Database) -> ChainState:
    """Recompute the chain from the start; report the first entry that does not hold."""
    with db.session() as session:
        count = session.scalar(select(func.count()).select_from(AccessLogEntry)) or 0
        expected_seq, prev_hash = 1, GENESIS
        for entry in _walk(session):
            if entry.seq != expected_seq:
                return ChainState(count, expected_seq, "missing")
            if entry.prev_hash != prev_hash:
                return ChainState(count, entry.seq, "relinked")
            if _digest(entry) != entry.hash:
                return ChainState(count, entry.seq, "altered")
            expected_seq, prev_hash = entry.seq + 1, entry.hash
    return ChainState(count, None, "")
