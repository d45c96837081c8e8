"""The leader's access review: emergency accesses with their reasons, refused attempts, staff who read
unusually many people's data, and whether the access log's hash chain is whole.

What the review covers: the office's staff (everything they did) and the office's people (everything done
to them, by anyone), in the period. It names staff — the review is about what staff did — but a person
only when the reader may find that person (the same policy as every list); anyone else is "Person 1",
"Person 2" …, the same number for the same person throughout the review, and the written reason of an
emergency access to them is left out, for it often tells about the person. Printing a person's name in the
review is itself logged (a print of their access log), like the "who has looked at my data" printout.
"""

from __future__ import annotations

import statistics
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, ItemFacts, Reason
from navdesk.domain.codes import Role
from navdesk.i18n import _
from navdesk.reports import access_review_report
from navdesk.reports.access_review_report import (
    AccessReview,
    ChainSummary,
    EmergencyRow,
    ReaderRow,
    RefusedRow,
    StaffRefusals,
)
from navdesk.services import access_log, audit
from navdesk.services.access_facts import AccessContext, access_context, person_facts
from navdesk.services.actor import Actor, parse_roles
from navdesk.services.report_municipal import heading
from navdesk.services.report_types import ReportScope
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, EmergencyAccess, Person, Staff
from navdesk.store.models.org import office_municipality
from navdesk.store.models.staff import staff_office

# A staff member is flagged when they read more different people's data than both of these allow.
UNUSUAL_FACTOR = 3  # ... times the median of the office's staff who work with people
UNUSUAL_MINIMUM = 20  # ... people: below this no one is flagged, however quiet the others were
# Reading someone's data: opening, printing or exporting it (appearing in a list or a search is not counted).
READ_ACTIONS = (audit.LogAction.READ, audit.LogAction.PRINT, audit.LogAction.EXPORT)
REFUSED_LISTED = 200  # the newest refused attempts listed one by one; all are counted


def build(db: Database, actor: Actor, scope: ReportScope) -> bytes:
    chain = audit.verify(db)  # before this review logs anything of its own
    with db.session() as session:
        review = review_figures(session, actor, scope, chain)
    return access_review_report.render(review)


def review_figures(session: Session, actor: Actor, scope: ReportScope, chain: audit.ChainState) -> AccessReview:
    start = datetime.combine(scope.period.start, time())
    end = datetime.combine(scope.period.end, time())
    staff_ids = set(session.scalars(select(staff_office.c.staff_id).where(staff_office.c.office_id == scope.office_id)))
    municipality_ids = list(session.scalars(select(office_municipality.c.municipality_id)
                                            .where(office_municipality.c.office_id == scope.office_id)))
    people = _People(session, access_context(session, actor, now=scope.made_at))
    names = _staff_names(session)
    emergencies = _emergencies(session, people, names, staff_ids, municipality_ids, start, end)
    refused, refused_total, by_staff = _refused(session, people, names, staff_ids, municipality_ids, start, end)
    readers, median, threshold = _heavy_readers(session, names, staff_ids, start, end)
    people.log_named(scope.made_at)
    return AccessReview(
        heading=heading(scope), emergencies=emergencies, refused=refused, refused_total=refused_total,
        refused_by_staff=by_staff, heavy_readers=readers, median_people=median, threshold=threshold,
        factor=UNUSUAL_FACTOR, minimum=UNUSUAL_MINIMUM, listed_refusals=REFUSED_LISTED,
        chain=ChainSummary(chain.entries, chain.first_broken_seq, chain.problem),
        anonymous_people=people.anonymous,
    )


@dataclass
class _People:
    """Who the review may name: each person once, either by name or by a number."""

    session: Session
    ctx: AccessContext
    labels: dict[uuid.UUID, str] = field(default_factory=dict)
    visible: set[uuid.UUID] = field(default_factory=set)
    named: dict[uuid.UUID, str] = field(default_factory=dict)  # person -> the reason they may be named

    @property
    def anonymous(self) -> bool:
        return len(self.visible) < len(self.labels)

    def prepare(self, ids: set[uuid.UUID]) -> None:
        wanted = sorted(ids - set(self.labels))
        if not wanted:
            return
        facts = person_facts(self.session, wanted)
        full_names = dict(self.session.execute(
            select(Person.id, Person.first_name + " " + Person.last_name).where(Person.id.in_(wanted))).all())
        for person_id in wanted:
            decision = (self.ctx.decide(facts[person_id], ItemFacts.person(), Action.FIND)
                        if person_id in facts else None)
            if decision is not None and decision.allowed:
                self.visible.add(person_id)
                self.labels[person_id] = full_names[person_id]
                self.named[person_id] = decision.reason.value
            else:
                hidden = len(self.labels) - len(self.visible) + 1
                self.labels[person_id] = _("Person {number}").format(number=hidden)

    def label(self, person_id: uuid.UUID | None) -> str:
        return "" if person_id is None else self.labels[person_id]

    def sees(self, person_id: uuid.UUID) -> bool:
        return person_id in self.visible

    def log_named(self, at: datetime) -> None:
        """Each person named in the review gets a print of their access log in their own log."""
        for person_id, reason in self.named.items():
            audit.log(self.session, self.ctx.actor, person_id=person_id, action=audit.LogAction.PRINT,
                      what=access_log.WHAT_ACCESS_LOG, allowed=True, reason=reason, at=at)


def _staff_names(session: Session) -> dict[uuid.UUID, str]:
    return {staff_id: f"{name} ({login})" for staff_id, name, login in
            session.execute(select(Staff.id, Staff.name, Staff.login))}


def _about_office(staff_column: Any, person_column: Any, staff_ids: set[uuid.UUID],
                  municipality_ids: list[uuid.UUID]) -> ColumnElement[bool]:
    """Done by the office's staff, or to the office's people."""
    residents = select(Person.id).where(Person.residence_municipality_id.in_(municipality_ids))
    return or_(staff_column.in_(staff_ids), person_column.in_(residents))


def _emergencies(session: Session, people: _People, names: dict[uuid.UUID, str], staff_ids: set[uuid.UUID],
                 municipality_ids: list[uuid.UUID], start: datetime, end: datetime) -> tuple[EmergencyRow, ...]:
    rows = session.execute(
        select(EmergencyAccess.staff_id, EmergencyAccess.person_id, EmergencyAccess.reason,
               EmergencyAccess.opened_at, EmergencyAccess.ends_at)
        .where(EmergencyAccess.opened_at >= start, EmergencyAccess.opened_at < end,
               _about_office(EmergencyAccess.staff_id, EmergencyAccess.person_id, staff_ids, municipality_ids))
        .order_by(EmergencyAccess.opened_at)).all()
    people.prepare({row.person_id for row in rows})
    result = []
    for row in rows:
        reads = session.scalar(
            select(func.count()).select_from(AccessLogEntry)
            .where(AccessLogEntry.staff_id == row.staff_id, AccessLogEntry.person_id == row.person_id,
                   AccessLogEntry.allowed.is_(True), AccessLogEntry.action.in_(READ_ACTIONS),
                   AccessLogEntry.reason == Reason.EMERGENCY.value,
                   AccessLogEntry.at >= row.opened_at, AccessLogEntry.at < row.ends_at)) or 0
        result.append(EmergencyRow(row.opened_at, row.ends_at, names.get(row.staff_id, ""),
                                   people.label(row.person_id),
                                   row.reason if people.sees(row.person_id) else None, int(reads)))
    return tuple(result)


def _refused(session: Session, people: _People, names: dict[uuid.UUID, str], staff_ids: set[uuid.UUID],
             municipality_ids: list[uuid.UUID], start: datetime, end: datetime
             ) -> tuple[tuple[RefusedRow, ...], int, tuple[StaffRefusals, ...]]:
    refused = and_(AccessLogEntry.allowed.is_(False), AccessLogEntry.at >= start, AccessLogEntry.at < end,
                   _about_office(AccessLogEntry.staff_id, AccessLogEntry.person_id, staff_ids, municipality_ids))
    per_staff = session.execute(
        select(AccessLogEntry.staff_id, AccessLogEntry.staff_login, func.count(),
               func.count(func.distinct(AccessLogEntry.person_id)))
        .where(refused).group_by(AccessLogEntry.staff_id, AccessLogEntry.staff_login)).all()
    by_staff = tuple(sorted((StaffRefusals(names.get(staff_id, login) if staff_id else login, int(attempts),
                                           int(persons)) for staff_id, login, attempts, persons in per_staff),
                            key=lambda item: (-item.attempts, item.staff)))
    rows = session.execute(
        select(AccessLogEntry.at, AccessLogEntry.staff_id, AccessLogEntry.staff_login, AccessLogEntry.person_id,
               AccessLogEntry.action, AccessLogEntry.what, AccessLogEntry.reason)
        .where(refused).order_by(AccessLogEntry.seq.desc()).limit(REFUSED_LISTED)).all()
    people.prepare({row.person_id for row in rows if row.person_id is not None})
    listed = tuple(RefusedRow(
        row.at, names.get(row.staff_id, row.staff_login) if row.staff_id else row.staff_login,
        people.label(row.person_id), access_log.what_label(row.what), access_log.action_label(row.action),
        access_log.reason_label(row.reason, discreet=True)) for row in rows)
    return listed, sum(item.attempts for item in by_staff), by_staff


def _heavy_readers(session: Session, names: dict[uuid.UUID, str], staff_ids: set[uuid.UUID], start: datetime,
                   end: datetime) -> tuple[tuple[ReaderRow, ...], float, int]:
    """The office's staff who read more people's data than UNUSUAL_FACTOR times the median of their colleagues
    (and at least UNUSUAL_MINIMUM people), most first; with the median and the threshold."""
    working = [staff_id for staff_id, roles in session.execute(
        select(Staff.id, Staff.roles).where(Staff.id.in_(staff_ids), Staff.active.is_(True)))
        if parse_roles(roles) & {Role.VEILEDER, Role.LEADER}]
    counts = session.execute(
        select(AccessLogEntry.staff_id, func.count(func.distinct(AccessLogEntry.person_id)), func.count())
        .where(AccessLogEntry.staff_id.in_(staff_ids), AccessLogEntry.allowed.is_(True),
               AccessLogEntry.person_id.is_not(None), AccessLogEntry.action.in_(READ_ACTIONS),
               AccessLogEntry.at >= start, AccessLogEntry.at < end)
        .group_by(AccessLogEntry.staff_id)).all()
    people_read = Counter({staff_id: int(persons) for staff_id, persons, _reads in counts})
    median = statistics.median([people_read[staff_id] for staff_id in working]) if working else 0.0
    threshold = max(UNUSUAL_MINIMUM, int(UNUSUAL_FACTOR * median))
    flagged = sorted((ReaderRow(names.get(staff_id, "") if staff_id else "", int(persons), int(reads))
                      for staff_id, persons, reads in counts if persons > threshold),
                     key=lambda row: (-row.people, row.staff))
    return tuple(flagged), float(median), threshold
