"""The demo region (DESIGN §5): Hallingdal's offices, staff and synthetic people, deterministic for a seed.

`build_demo` creates the region in an empty database and refills a demo database; it refuses a
database that holds a real office, which must never get demo people. The builders run in the order of
`_fill`; the access log comes last, as the office's work of the last months seen from the log.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

import navdesk.store.models  # noqa: F401  (every table must be known to the wipe)
from navdesk.domain.errors import UserError
from navdesk.i18n import _
from navdesk.services import settings
from navdesk.services.demo_access_log import build_access_log
from navdesk.services.demo_case_data import DemoCases, build_case_data
from navdesk.services.demo_context import DemoContext
from navdesk.services.demo_follow_up import Contacts, build_follow_up
from navdesk.services.demo_org import DemoOrg, build_organisation
from navdesk.services.demo_people import make_people
from navdesk.services.demo_person_details import build_person_details
from navdesk.services.demo_plans import build_plans
from navdesk.services.demo_sqlite import build_connection, indexes_paused
from navdesk.services.demo_staff import STAFF, TEAMS, build_staff
from navdesk.services.demo_walk_ins import build_walk_ins
from navdesk.services.demo_worklist import build_worklist_data
from navdesk.store.base import Base
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, Person, Setting, Staff
from navdesk.store.search import index_paused

DEFAULT_CLIENTS = 2000
MAX_CLIENTS = 1_000_000


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    today: date
    municipalities: int
    offices: int
    host_agreements: int
    services: int
    teams: int
    staff: int
    persons: int
    refilled: bool


def build_demo(
    db: Database,
    *,
    clients: int = DEFAULT_CLIENTS,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Create (or refill) the demo region in one transaction; the same seed and day give the same data."""
    if not 0 <= clients <= MAX_CLIENTS:
        raise UserError(_("The number of people must be between 0 and {most}.").format(most=MAX_CLIENTS))
    today = today or date.today()
    with _collector_paused(), db.session() as session, build_connection(session):
        refilled = _make_room(session)
        ctx = DemoContext(session=session, seed=seed, today=today)
        with indexes_paused(session):
            org, persons, cases, contacts = _fill(ctx, clients, progress)
        # Last, with the indexes back: it reads the access facts of thousands of people.
        build_access_log(ctx, org, cases, contacts)
        settings.put(session, settings.APPLICATION_KEY, settings.APPLICATION_VALUE)
        settings.put(session, settings.DEMO_KEY, "1")
    return DemoSummary(
        seed=seed,
        today=today,
        municipalities=len(org.municipality_ids),
        offices=len(org.office_ids),
        host_agreements=len(org.agreement_ids),
        services=org.service_count,
        teams=len(TEAMS),
        staff=len(STAFF),
        persons=persons,
        refilled=refilled,
    )


def _fill(ctx: DemoContext, clients: int, progress: Callable[[int, int], None] | None
          ) -> tuple[DemoOrg, int, DemoCases, Contacts]:
    """The builders in turn; each later one builds on what the ones before made (and hand on)."""
    org = build_organisation(ctx)
    build_staff(ctx, org)
    # Indexed once at the end: much faster. The people come with rowids in name order (`build_person_details`).
    with index_paused(ctx.session.connection(), spaced_in_name_order=True):
        people = make_people(ctx, org, clients)
        innsats = build_person_details(ctx, org, people, progress)
    cases = build_case_data(ctx, org, people, innsats)
    build_plans(ctx, org, cases)
    build_worklist_data(ctx, org)
    contacts = Contacts.read(ctx)
    build_follow_up(ctx, org, cases, contacts)
    build_walk_ins(ctx, org)
    return org, len(people), cases, contacts


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the demo is built. The build keeps millions of objects alive to
    the end (people, ids, what one builder hands the next), and the collector's full passes walked them all
    again and again: a fifth of the build, for next to nothing, as the rows are freed by reference counting
    (the peak memory of a 100,000-person build is the same either way). Process-wide, but only for the
    build: in the GUI it runs behind a progress dialog."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _make_room(session: Session) -> bool:
    """Empty a demo database (True); accept an empty one (False); refuse one holding a real office."""
    if settings.get(session, settings.DEMO_KEY) == "1":
        _wipe(session)
        return True
    real_office_tables = (Staff, Office, Municipality, Person)
    if any(session.scalar(select(exists().select_from(model))) for model in real_office_tables):
        raise UserError(
            _(
                "This database holds a real office's data, and a real office must never get demo people. "
                "Nothing was changed. Build the demo region in a new, empty database."
            )
        )
    return False


def _wipe(session: Session) -> None:
    """Delete every row but the database-wide settings, children before parents."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name != Setting.__tablename__:
            session.execute(table.delete())
