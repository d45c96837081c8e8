"""The walk-ins report: walk-ins per month with the change in per cent, the reader's offices compared, and
when and what about people came in the month — the table leaders use to decide opening hours.

The walk-in register records no person, so every reader who may order the report sees all of it. Plain
data in, PDF bytes out, in the language current while rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable

from navdesk.domain.codes import weekday_label
from navdesk.i18n import _, format_number
from navdesk.reports import charts
from navdesk.reports.common import build_pdf
from navdesk.reports.figures import (
    NONE,
    KeyFigure,
    ReportHeading,
    change,
    count_table,
    explanation,
    frame,
    key_figures,
    month_label,
    notice,
    number,
    opening,
    section,
    spacer,
)


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day
    count: int


@dataclass(frozen=True)
class OfficeCount:
    office: str
    this_month: int
    month_before: int
    a_year_before: int


@dataclass(frozen=True)
class Compared:
    label: str
    this_month: int
    month_before: int


@dataclass(frozen=True)
class WalkInsReport:
    heading: ReportHeading
    months: tuple[MonthCount, ...]  # the chosen office, the twelve months up to the period
    offices: tuple[OfficeCount, ...]  # the reader's offices, the chosen one first
    places: tuple[Compared, ...]  # at the office, and at each office day elsewhere
    categories: tuple[Compared, ...]
    hours: tuple[int, ...]  # the hours of the day the table shows
    by_weekday: tuple[tuple[int, tuple[int, ...]], ...]  # (weekday 0=Monday, count per hour in `hours`)
    first_registered: date | None  # the first day the register has walk-ins for this office


def render(report: WalkInsReport) -> bytes:
    this_month = report.months[-1].count if report.months else 0
    before = report.months[-2].count if len(report.months) > 1 else 0
    story: list[Flowable] = opening(
        report.heading,
        _("Walk-ins at the counter, counted in the walk-in register (which records no names): per month with "
          "the change in per cent, your offices side by side, and when in the week people came."))
    if report.first_registered is None:
        story.append(notice(_("No walk-ins are registered for this office yet.")))
    story += [
        *section(_("Walk-ins per month")),
        key_figures([KeyFigure(_("Walk-ins this month"), number(this_month),
                               _("Change from the month before: {change}.").format(
                                   change=change(this_month, before)))]),
        spacer(),
        charts.figure(
            charts.bar_chart([month_label(item.month, short=True) for item in report.months],
                             [charts.Series(_("Walk-ins"), [item.count for item in report.months])],
                             title=_("Walk-ins per month")),
            _("Walk-ins per month over the last twelve months.")),
        count_table([_("Month"), _("Walk-ins"), _("Change from the month before")], _month_rows(report),
                    [0.4, 0.3, 0.3]),
        explanation(_("A dash means there is nothing to count or compare with: the register was not in use "
                      "yet, or no walk-ins were registered the month before.")),
        *section(_("Your offices compared")),
        count_table([_("Office"), _("This month"), _("Month before"), _("Change"), _("A year before"),
                     _("Change")],
                    [[item.office, number(item.this_month), number(item.month_before),
                      change(item.this_month, item.month_before), number(item.a_year_before),
                      change(item.this_month, item.a_year_before)] for item in report.offices],
                    [0.3, 0.14, 0.14, 0.14, 0.14, 0.14]),
        explanation(_("Walk-ins this month at each office you work at, against the month before and the same "
                      "month a year earlier.")),
        *section(_("Where and what about")),
        _compared_table(_("Place"), report.places),
        explanation(_("At the office itself and on its office days in other municipalities.")),
        _compared_table(_("About"), report.categories),
        explanation(_("What people came about.")),
        *section(_("Walk-ins by weekday and hour")),
        _hours_table(report),
        explanation(_("Walk-ins this month by weekday and the hour they came (8 means 08:00–08:59): where the "
                      "counter is busy and where it is quiet.")),
    ]
    return build_pdf(story, frame(report.heading))


def _month_rows(report: WalkInsReport) -> list[list[str]]:
    first = report.first_registered.replace(day=1) if report.first_registered else None
    rows = []
    for index, item in enumerate(report.months):
        if first is None or item.month < first:
            rows.append([month_label(item.month), NONE, NONE])
            continue
        before = report.months[index - 1].count if index and report.months[index - 1].month >= first else None
        rows.append([month_label(item.month), number(item.count), change(item.count, before)])
    return rows


def _compared_table(first: str, rows: tuple[Compared, ...]) -> Flowable:
    body = [[row.label, number(row.this_month), number(row.month_before), change(row.this_month, row.month_before)]
            for row in rows]
    total = [_("Total"), number(sum(row.this_month for row in rows)), number(sum(row.month_before for row in rows)),
             change(sum(row.this_month for row in rows), sum(row.month_before for row in rows))]
    return count_table([first, _("This month"), _("Month before"), _("Change")], body, [0.46, 0.18, 0.18, 0.18],
                       total=total)


def _hours_table(report: WalkInsReport) -> Flowable:
    hours = report.hours
    width = 0.84 / (len(hours) + 1)
    rows = [[weekday_label(weekday), *(number(count) for count in counts), number(sum(counts))]
            for weekday, counts in report.by_weekday]
    totals = [sum(counts[index] for _weekday, counts in report.by_weekday) for index in range(len(hours))]
    return count_table([_("Weekday"), *(format_number(hour) for hour in hours), _("Total")], rows,
                       [0.16] + [width] * (len(hours) + 1),
                       total=[_("Total"), *(number(value) for value in totals), number(sum(totals))])
