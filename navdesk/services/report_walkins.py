"""The walk-ins report (`navdesk report walkins`): counted from the walk-in register, which records no
person, laid out by `navdesk.reports.walkins_report`. The offices compared are those the reader works at
(the administrator: every office), the chosen one first."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from navdesk.domain.codes import Role
from navdesk.i18n import _
from navdesk.reports import walkins_report as pdf
from navdesk.services.actor import Actor
from navdesk.services.report_reader import count_where, month_starts, next_month, report_heading
from navdesk.services.report_types import ReportScope
from navdesk.services.walkins import WalkInCategory, category_label
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Office, WalkIn
from navdesk.store.models.staff import staff_office

MONTHS = 12
# The hours the weekday table always shows (a normal opening day); hours outside are added when used.
OPENING_HOURS = tuple(range(8, 16))


def build(db: Database, actor: Actor, scope: ReportScope) -> bytes:
    with db.session() as session:
        report = walkins_report(session, actor, scope)
    return pdf.render(report)


def walkins_report(session: Session, actor: Actor, scope: ReportScope) -> pdf.WalkInsReport:
    start, end = scope.period.start, scope.period.end
    before = month_starts(start, 2)[0]
    months = month_starts(start, MONTHS)
    counts = session.execute(
        select(*(count_where(and_(WalkIn.day >= first, WalkIn.day < next_month(first))) for first in months))
        .where(WalkIn.office_id == scope.office_id, WalkIn.day >= months[0], WalkIn.day < end)).one()
    rows = session.execute(
        select(WalkIn.day, WalkIn.at, WalkIn.category, WalkIn.municipality_id)
        .where(WalkIn.office_id == scope.office_id, WalkIn.day >= before, WalkIn.day < end)).all()
    this_month = [row for row in rows if row.day >= start]
    earlier = [row for row in rows if row.day < start]
    names = {key: name for key, name in session.execute(select(Municipality.id, Municipality.name))}

    def place(municipality_id: uuid.UUID | None) -> str:
        if municipality_id is None:
            return scope.office_name
        return _("Office day in {name}").format(name=names.get(municipality_id, ""))

    now_places, before_places = Counter(place(r.municipality_id) for r in this_month), Counter(
        place(r.municipality_id) for r in earlier)
    places = sorted(set(now_places) | set(before_places) | {scope.office_name},
                    key=lambda name: (name != scope.office_name, name))
    now_categories = Counter(r.category for r in this_month)
    before_categories = Counter(r.category for r in earlier)
    by_hour = Counter((r.day.weekday(), r.at.hour) for r in this_month)
    hours = tuple(sorted(set(OPENING_HOURS) | {hour for _weekday, hour in by_hour}))
    weekdays = sorted({weekday for weekday, _hour in by_hour} | set(range(5)))
    return pdf.WalkInsReport(
        heading=report_heading(scope),
        months=tuple(pdf.MonthCount(first, int(count)) for first, count in zip(months, counts, strict=True)),
        offices=_offices(session, actor, scope),
        places=tuple(pdf.Compared(name, now_places[name], before_places[name]) for name in places),
        categories=tuple(pdf.Compared(category_label(category), now_categories[category.value],
                                      before_categories[category.value]) for category in WalkInCategory),
        hours=hours,
        by_weekday=tuple((weekday, tuple(by_hour[weekday, hour] for hour in hours)) for weekday in weekdays),
        first_registered=session.scalar(select(func.min(WalkIn.day)).where(WalkIn.office_id == scope.office_id)),
    )


def _offices(session: Session, actor: Actor, scope: ReportScope) -> tuple[pdf.OfficeCount, ...]:
    start = scope.period.start
    before = month_starts(start, 2)[0]
    a_year_before = date(start.year - 1, start.month, 1)
    offices: Select[uuid.UUID, str] = select(Office.id, Office.name)
    if not actor.has(Role.ADMIN):
        offices = offices.join(staff_office, staff_office.c.office_id == Office.id).where(
            staff_office.c.staff_id == actor.staff_id)
    chosen = {key: name for key, name in session.execute(offices)}
    chosen[scope.office_id] = scope.office_name

    def within(first: date) -> ColumnElement[bool]:
        return and_(WalkIn.day >= first, WalkIn.day < next_month(first))

    counts = {office_id: (int(now), int(earlier), int(year)) for office_id, now, earlier, year in session.execute(
        select(WalkIn.office_id, count_where(within(start)), count_where(within(before)),
               count_where(within(a_year_before)))
        .where(WalkIn.office_id.in_(list(chosen)), WalkIn.day >= a_year_before, WalkIn.day < scope.period.end)
        .group_by(WalkIn.office_id))}
    ordered = sorted(chosen, key=lambda office_id: (office_id != scope.office_id, chosen[office_id]))
    return tuple(pdf.OfficeCount(chosen[office_id], *counts.get(office_id, (0, 0, 0))) for office_id in ordered)
