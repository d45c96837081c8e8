"""The annual report (årsmelding) of an office and its municipalities: the year in figures, month by month,
beside the year before.

People are the office's people as the reader may find them (`report_reader`: residents of the office's
municipalities, the same policy as every list); municipal figures count only the services the reader works
in their own right (`report_municipal.municipal_clause`); walk-ins are about no person and are counted
for every reader. Every count passes the small-count rule: each monthly series that adds up to a yearly
figure is one breakdown, and a yearly figure printed in several tables is the same cell everywhere
(`suppression.same_total`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from navdesk.domain import suppression
from navdesk.domain.case_codes import Outcome, code_label
from navdesk.domain.codes import Side
from navdesk.i18n import _
from navdesk.reports import annual_report
from navdesk.reports.annual_report import AnnualReport, MonthSeries, YearFigure
from navdesk.reports.municipal_report import Line
from navdesk.services.actor import Actor
from navdesk.services.report_municipal import Coverage, heading, municipal_clause, municipal_coverage
from navdesk.services.report_reader import ReportReader, next_month, open_reader
from navdesk.services.report_types import SMALL_COUNT, ReportScope
from navdesk.store.engine import Database
from navdesk.store.models import KvpProgramme, ServiceCase, WalkIn


def build(db: Database, actor: Actor, scope: ReportScope) -> bytes:
    with db.session() as session:
        report = annual_figures(session, actor, scope)
    return annual_report.render(report)


@dataclass(frozen=True)
class _Year:
    """One year's counts, month by month (only the months begun by the report's day)."""

    months: tuple[date, ...]
    followed: tuple[int, ...]  # at each month's end
    new: tuple[int, ...]
    applications: tuple[int, ...]
    decisions: tuple[int, ...]
    kvp: tuple[int, ...]  # in the programme at some time in the month
    walk_ins: tuple[int, ...]
    kvp_people: int  # in the programme at some time in the year
    outcomes: dict[str, int]
    by_municipality: dict[Any, int]


def annual_figures(session: Session, actor: Actor, scope: ReportScope) -> AnnualReport:
    reader = open_reader(session, actor, scope)
    coverage = municipal_coverage(reader)
    seen = tuple(c for c in coverage if c.any)
    year = scope.period.year
    current = _count_year(reader, seen, year)
    previous = _count_year(reader, seen, year - 1)
    people, municipal = reader.sees_people, bool(seen)

    def series(values: Sequence[int]) -> suppression.Breakdown:
        return suppression.breakdown(values, SMALL_COUNT)

    now_new, before_new = series(current.new), series(previous.new)
    now_walk, before_walk = series(current.walk_ins), series(previous.walk_ins)
    outcome_keys = [o.value for o in Outcome]
    now_applications, by_municipality = suppression.same_total(
        series(current.applications),
        series([current.by_municipality.get(c.municipality_id, 0) for c in seen]))
    now_decisions, by_outcome = suppression.same_total(
        series(current.decisions), series([current.outcomes.get(key, 0) for key in outcome_keys]))
    before_applications, before_decisions = series(previous.applications), series(previous.decisions)
    followed = tuple(_count(value) for value in current.followed)
    kvp = tuple(_count(value) for value in current.kvp)
    figures: list[YearFigure] = []
    if people:
        figures += [
            YearFigure(_("People followed up at the end of the year"), _count(previous.followed[-1]),
                       followed[-1]),
            YearFigure(_("New people registered"), before_new.total, now_new.total),
        ]
    if municipal:
        figures += [
            YearFigure(_("Applications received"), before_applications.total, now_applications.total),
            YearFigure(_("Decisions made"), before_decisions.total, now_decisions.total),
            YearFigure(_("People in the qualification programme (KVP)"), _count(previous.kvp_people),
                       _count(current.kvp_people)),
        ]
    figures.append(YearFigure(_("Walk-ins at the office"), before_walk.total, now_walk.total))
    return AnnualReport(
        heading=heading(scope), year=year, months=current.months,
        hidden_municipalities=tuple(c.name for c in coverage if not c.any),
        people=people, municipal=municipal, figures=tuple(figures),
        followed=MonthSeries(followed, None) if people else None,
        new=MonthSeries(now_new.parts, now_new.total) if people else None,
        applications=MonthSeries(now_applications.parts, now_applications.total) if municipal else None,
        decisions=MonthSeries(now_decisions.parts, now_decisions.total) if municipal else None,
        kvp=MonthSeries(kvp, None) if municipal else None,
        walk_ins=MonthSeries(now_walk.parts, now_walk.total),
        outcomes=tuple(Line(code_label(Outcome(key)), cell, suppression.share(cell, by_outcome.total))
                       for key, cell in zip(outcome_keys, by_outcome.parts, strict=True)),
        outcomes_total=by_outcome.total,
        by_municipality=tuple(Line(c.name, cell, suppression.share(cell, by_municipality.total))
                              for c, cell in zip(seen, by_municipality.parts, strict=True)),
        by_municipality_total=by_municipality.total,
        threshold=SMALL_COUNT,
    )


def _count(value: int) -> suppression.Cell:
    return suppression.count(value, SMALL_COUNT)


def _count_year(reader: ReportReader, coverage: Sequence[Coverage], year: int) -> _Year:
    """The year's months up to the report's day, each counted in one statement per kind of figure."""
    last = min(reader.day, date(year, 12, 31))
    months = tuple(date(year, month, 1) for month in range(1, last.month + 1)) if last.year == year else ()
    starts = [datetime.combine(first, time()) for first in months]
    ends = [min(datetime.combine(next_month(first), time()), reader.day_end) for first in months]
    session = reader.session
    p = reader.p
    followed = _per_month(session, months, reader.people, true(), lambda i: and_(
        p.created_at < ends[i], or_(p.archived_at.is_(None), p.archived_at >= ends[i])))
    new = _per_month(session, months, reader.people, true(), lambda i: and_(p.created_at >= starts[i],
                                                                             p.created_at < ends[i]))
    walk_ins = _per_month(session, months, WalkIn.__table__, WalkIn.office_id == reader.scope.office_id,
                          lambda i: and_(WalkIn.day >= months[i], WalkIn.day < ends[i].date()))
    empty = tuple(0 for _month in months)
    if not coverage or not months:
        return _Year(months, followed, new, empty, empty, empty, walk_ins, 0, {}, {})
    ids = [c.municipality_id for c in coverage]
    cases = and_(ServiceCase.side == Side.MUNICIPAL.value, ServiceCase.responsible_municipality_id.in_(ids),
                 municipal_clause(reader, coverage, ServiceCase.responsible_municipality_id,
                                  ServiceCase.service_code, ServiceCase.person_id))
    programmes = and_(KvpProgramme.responsible_municipality_id.in_(ids),
                      municipal_clause(reader, coverage, KvpProgramme.responsible_municipality_id,
                                       KvpProgramme.service_code, KvpProgramme.person_id))
    first, after = months[0], ends[-1].date()
    applications = _per_month(session, months, ServiceCase.__table__, cases, lambda i: and_(
        ServiceCase.received_on >= months[i], ServiceCase.received_on < ends[i].date()))
    decided = and_(cases, ServiceCase.outcome != "")
    decisions = _per_month(session, months, ServiceCase.__table__, decided, lambda i: and_(
        ServiceCase.decided_on >= months[i], ServiceCase.decided_on < ends[i].date()))
    kvp = _per_month(session, months, KvpProgramme.__table__, programmes, lambda i: and_(
        KvpProgramme.starts_on < ends[i].date(),
        or_(KvpProgramme.ended_on.is_(None), KvpProgramme.ended_on >= months[i])))
    kvp_people = session.scalar(
        select(func.count(func.distinct(KvpProgramme.person_id)))
        .where(programmes, KvpProgramme.starts_on < after,
               or_(KvpProgramme.ended_on.is_(None), KvpProgramme.ended_on >= first))) or 0
    outcomes = dict(session.execute(
        select(ServiceCase.outcome, func.count())
        .where(decided, ServiceCase.decided_on >= first, ServiceCase.decided_on < after)
        .group_by(ServiceCase.outcome)).all())
    by_municipality = dict(session.execute(
        select(ServiceCase.responsible_municipality_id, func.count())
        .where(cases, ServiceCase.received_on >= first, ServiceCase.received_on < after)
        .group_by(ServiceCase.responsible_municipality_id)).all())
    return _Year(months, followed, new, applications, decisions, kvp, walk_ins, int(kvp_people), outcomes,
                 by_municipality)


def _per_month(session: Session, months: Sequence[date], source: Any, where: ColumnElement[bool],
               condition: Callable[[int], ColumnElement[bool]]) -> tuple[int, ...]:
    """How many rows of `source` that meet `where` also meet `condition(i)`, for each month i: one pass."""
    if not months:
        return ()
    conditions = [condition(index) for index in range(len(months))]
    row = session.execute(select(*(func.coalesce(func.sum(case((term, 1), else_=0)), 0) for term in conditions))
                          .select_from(source).where(where, or_(*conditions))).one()
    return tuple(int(value) for value in row)
