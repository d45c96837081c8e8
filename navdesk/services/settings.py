"""Database-wide settings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from navdesk.store.engine import Database
from navdesk.store.models import Setting

APPLICATION_KEY = "application"
APPLICATION_VALUE = "navdesk"
DEMO_KEY = "demo"
# "1" in a test database: synthetic fødselsnummer (month + 80) are accepted as in a demo database.
ALLOW_SYNTHETIC_FNR_KEY = "allow_synthetic_fnr"
IDLE_LOCK_MINUTES_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 15


def get(session: Session, key: str, default: str = "") -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else default


def put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def is_demo(db: Database) -> bool:
    with db.session() as session:
        return get(session, DEMO_KEY) == "1"


def idle_lock_minutes(db: Database) -> int:
    with db.session() as session:
        value = get(session, IDLE_LOCK_MINUTES_KEY, str(DEFAULT_IDLE_LOCK_MINUTES))
    try:
        return max(1, int(value))
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES


def allows_synthetic_fnr(session: Session) -> bool:
    """Synthetic test numbers only in a demo or test database, never in a real office's."""
    return get(session, DEMO_KEY) == "1" or get(session, ALLOW_SYNTHETIC_FNR_KEY) == "1"
