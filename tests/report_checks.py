"""Independent counts for the leader-report tests: plain queries over the demo region, judged item by item
with the access policy in Python (`AccessContext.may_find` / `decide`), never with the SQL the reports use.

Importable as `report_checks` (tests/ is on sys.path through tests/conftest.py).
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from navdesk.domain.access_types import Action, DataKind, ItemFacts, PersonFacts
from navdesk.domain.codes import Side
from navdesk.services.access_facts import AccessContext, access_context, person_facts
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.report_types import Period, ReportKind, ReportScope
from navdesk.store.engine import Database
from navdesk.store.models import Office, Person, Staff
from navdesk.store.models.org import office_municipality

TODAY = date.today()
LAST_MONTH = Period(TODAY.year - 1, 12) if TODAY.month == 1 else Period(TODAY.year, TODAY.month - 1)
PERIOD_TEXT = f"{LAST_MONTH.year:04d}-{LAST_MONTH.month:02d}"
NOW = datetime.combine(TODAY, time(12))
DAY = LAST_MONTH.end - timedelta(days=1)  # stocks are counted on the period's last day
DAY_END = datetime.combine(LAST_MONTH.end, time())


def text_of(pdf: bytes) -> str:
    """The PDF's text with each run of white space as one space (table cells wrap their lines)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def staff_actor(db: Database, login: str) -> Actor:
    """Any demo staff member, acting as if signed in (only the demo logins have a password)."""
    with db.session() as session:
        staff = session.scalars(select(Staff).where(Staff.login == login)).one()
        return Actor(staff.id, staff.login, staff.name, parse_roles(staff.roles), staff.employer_municipality_id)


def scope(db: Database, kind: ReportKind, office_code: str, period: Period = LAST_MONTH) -> ReportScope:
    with db.session() as session:
        office = session.scalars(select(Office).where(Office.code == office_code)).one()
        return ReportScope(kind, office.id, office.code, office.name, period, "en", NOW, "Test")


@dataclass
class Reader:
    """What one staff member may see of one office's residents, judged by the Python policy."""

    ctx: AccessContext
    facts: dict[uuid.UUID, PersonFacts]  # the residents the reader may find
    created: dict[uuid.UUID, datetime]
    archived: dict[uuid.UUID, datetime | None]

    def followed(self, until: datetime = DAY_END) -> set[uuid.UUID]:
        """Registered before `until` (the end of the report's day) and not archived by then."""
        return {person_id for person_id in self.facts
                if self.created[person_id] < until
                and (self.archived[person_id] is None or self.archived[person_id] >= until)}

    def may_read(self, person_id: uuid.UUID, kind: DataKind, side: str, municipality_id: uuid.UUID | None,
                 service_code: str, residence: uuid.UUID) -> bool:
        if side == Side.STATE.value:
            item = ItemFacts.state(kind, service_code)
        elif side == Side.MUNICIPAL.value:
            item = ItemFacts.municipal(kind, municipality_id or residence, service_code)
        else:
            return False
        return self.ctx.decide(self.facts[person_id], item, Action.READ).allowed


def reader(db: Database, actor: Actor, office_code: str) -> Reader:
    with db.session() as session:
        ctx = access_context(session, actor, now=NOW)
        office_id = session.scalars(select(Office.id).where(Office.code == office_code)).one()
        municipalities = set(session.scalars(select(office_municipality.c.municipality_id)
                                             .where(office_municipality.c.office_id == office_id)))
        rows = session.execute(select(Person.id, Person.created_at, Person.archived_at)
                               .where(Person.residence_municipality_id.in_(municipalities))).all()
        facts = person_facts(session, [row.id for row in rows])
    visible = {person_id: fact for person_id, fact in facts.items() if ctx.may_find(fact)}
    return Reader(ctx, visible, {row.id: row.created_at for row in rows}, {row.id: row.archived_at for row in rows})


def in_period(value: date | datetime | None, period: Period = LAST_MONTH) -> bool:
    if value is None:
        return False
    day = value.date() if isinstance(value, datetime) else value
    return period.start <= day < period.end
