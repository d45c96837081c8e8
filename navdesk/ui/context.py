"""What every view needs: the database, the background worker and the signed-in staff member."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.ui.worker import DbWorker


def _nowhere(_person_id: uuid.UUID) -> None:
    """Outside a main window (a test of one view) there is no card to switch to."""


@dataclass
class UiContext:
    db: Database
    worker: DbWorker
    actor: Actor
    is_demo: bool = False
    # Opens a person's card from any area (the worklist, the calendar …); the main window sets it.
    open_person: Callable[[uuid.UUID], None] = field(default=_nowhere)
