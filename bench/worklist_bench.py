"""Worklist budgets (DESIGN §6, issue #5), measured the way the Worklist area asks.

- A veileder's own worklist (a few thousand people, every flag): from the request to the list model
  holding every id and the first screen's rows (the ids sorted in SQL, the rows judged, flagged and
  with the reader's reminders) — budget 100 ms.
- The office-wide list of the biggest office (a third of the 100k region): its first screen — the first
  ids in name order and their rows — in the model, budget 150 ms; the rest of the ids follow in the
  background (reported, no budget).
- The filter counts, which the area loads after the list (reported, no budget).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.stats import Measurement, p95, summarise, timed_ms

# Veiledere whose own list is about 2,000-3,000 people in the 100k demo: state side and municipal side.
VEILEDERE = ("stat", "akleppe", "rlien")
LEADER = "leder"


def _actor(db: Any, login: str) -> Any:
    """The signed-in staff member, as after a login (only the demo logins have a known password)."""
    from sqlalchemy import select

    from navdesk.services.actor import Actor, parse_roles
    from navdesk.store.models import Staff

    with db.session() as session:
        staff = session.scalars(select(Staff).where(Staff.login == login)).one()
        return Actor(staff.id, staff.login, staff.name, parse_roles(staff.roles), staff.employer_municipality_id)


class _Clock:
    """Wall time for the budget, and this thread's CPU time beside it: on a machine shared with other
    work the wall time says how long the user waited, the CPU time what the worklist itself cost."""

    def __init__(self) -> None:
        self.cpu: list[float] = []

    def __call__(self, action: Callable[[], object]) -> float:
        started = time.thread_time()
        wall = timed_ms(action)
        self.cpu.append((time.thread_time() - started) * 1000)
        return wall

    def note(self, text: str = "") -> str:
        cpu = f"CPU median {statistics.median(self.cpu):.0f} ms, p95 {p95(self.cpu):.0f} ms"
        return f"{text}; {cpu}" if text else cpu


def measure(db: Any, runs: int) -> list[Measurement]:
    from navdesk.services.worklist import View, WorklistQuery, available_views, worklist_counts, worklist_ids
    from navdesk.services.worklist import worklist_screen as screen_of
    from navdesk.ui.worklist.worklist_model import WorklistModel
    from navdesk.ui.worklist.worklist_view import FIRST_SCREEN

    model = WorklistModel()

    def request(actor: Any, query: WorklistQuery, limit: int | None) -> int:
        screen = screen_of(db, actor, query, limit=limit, rows=FIRST_SCREEN)
        model.set_people(screen.ids, screen.rows)
        return len(screen.ids)

    own, own_counts, sizes = _Clock(), _Clock(), []
    own_times, own_count_times = [], []
    mine = WorklistQuery(View.MINE)
    for login in VEILEDERE:
        actor = _actor(db, login)
        sizes.append(request(actor, mine, None))  # warm the caches once
        gc.freeze()  # as the app does once its window is up (navdesk.ui.app)
        own_times += [own(lambda a=actor: request(a, mine, None)) for _ in range(runs)]
        own_count_times += [own_counts(lambda a=actor: worklist_counts(db, a, View.MINE))
                            for _ in range(max(3, runs // 4))]

    leader = _actor(db, LEADER)
    office = max((choice for choice in available_views(db, leader) if choice.view is View.OFFICE),
                 key=lambda choice: len(worklist_ids(db, leader, WorklistQuery(View.OFFICE, scope_id=choice.scope_id))))
    whole = WorklistQuery(View.OFFICE, scope_id=office.scope_id)
    people = request(leader, whole, None)
    first, rest, counts = _Clock(), _Clock(), _Clock()
    first_times = [first(lambda: request(leader, whole, FIRST_SCREEN)) for _ in range(runs)]
    rest_times = [rest(lambda: worklist_ids(db, leader, whole)) for _ in range(max(3, runs // 4))]
    count_times = [counts(lambda: worklist_counts(db, leader, View.OFFICE, scope_id=office.scope_id))
                   for _ in range(max(3, runs // 8))]
    size_note = "people: " + ", ".join(f"{login} {size:,}" for login, size in zip(VEILEDERE, sizes, strict=True))
    return [
        summarise("worklist: a veileder's own list, request to model rows", "ms", own_times, 100.0,
                  own.note(size_note)),
        summarise("worklist: a veileder's filter counts (after the list)", "ms", own_count_times, None,
                  own_counts.note()),
        summarise(f"worklist: office first screen ({people:,} people, lazy rows)", "ms", first_times, 150.0,
                  first.note(office.label)),
        summarise("worklist: office, the whole id list (background)", "ms", rest_times, None, rest.note()),
        summarise("worklist: office filter counts (after the list)", "ms", count_times, None, counts.note()),
    ]
