"""Several desks write to the access log at the same moment: every entry is kept and the chain stays whole."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import select

from navdesk.domain.codes import Role
from navdesk.services import audit
from navdesk.services.actor import Actor
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry

DESKS = 4
ENTRIES_PER_DESK = 15


def test_desks_appending_at_once_keep_the_chain_whole(db: Database) -> None:
    person = uuid.uuid4()
    start = threading.Barrier(DESKS)
    failures: list[BaseException] = []

    def desk(number: int) -> None:
        actor = Actor(uuid.uuid4(), f"desk{number}", f"Desk {number}", frozenset({Role.VEILEDER}))
        own = Database(db.url)  # a desk of its own: its own engine and connections
        try:
            start.wait()
            for index in range(ENTRIES_PER_DESK):
                with own.session() as session:
                    audit.log(
                        session,
                        actor,
                        person_id=person,
                        action=audit.LogAction.READ,
                        what=f"card {number}.{index}",
                        allowed=True,
                    )
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=desk, args=(number,)) for number in range(DESKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    state = audit.verify(db)
    assert state.intact, state
    assert state.entries == DESKS * ENTRIES_PER_DESK
    with db.session() as session:
        written = set(session.scalars(select(AccessLogEntry.what)))
    assert written == {f"card {n}.{i}" for n in range(DESKS) for i in range(ENTRIES_PER_DESK)}
