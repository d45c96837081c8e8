"""What every view needs: the database, the background worker and the signed-in staff member."""

from __future__ import annotations

from dataclasses import dataclass

from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.ui.worker import DbWorker


@dataclass
class UiContext:
    db: Database
    worker: DbWorker
    actor: Actor
    is_demo: bool = False
