"""The annual report (årsmelding): the year in figures beside the year before, the year month by month in a
table and in charts, decisions by outcome and applications by municipality. Plain data in, PDF bytes out, in
the language current while rendering.

Counts arrive as `navdesk.domain.suppression.Cell`s already past the small-count rule; a series the reader
may not see arrives as None and is left out, with a notice saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable

from navdesk.domain.suppression import Cell
from navdesk.i18n import _, format_date, format_number
from navdesk.reports import charts
from navdesk.reports.common import build_pdf
from navdesk.reports.figures import (
    Access,
    ReportHeading,
    access_notices,
    count_table,
    explanation,
    frame,
    opening,
    section,
)
from navdesk.reports.municipal_report import Line, about, lines_table, withheld_mark


@dataclass(frozen=True)
class MonthSeries:
    cells: tuple[Cell, ...]  # one per month of `AnnualReport.months`
    total: Cell | None  # the year's total; None for a stock (people at each month's end), which does not add up


@dataclass(frozen=True)
class YearFigure:
    label: str
    previous: Cell
    current: Cell


@dataclass(frozen=True)
class AnnualReport:
    heading: ReportHeading
    year: int
    months: tuple[date, ...]  # the first days of the months begun by the report's day
    hidden_municipalities: tuple[str, ...]
    people: bool  # the reader may see figures about people
    municipal: bool  # ... and municipal figures for at least one of the office's municipalities
    figures: tuple[YearFigure, ...]
    followed: MonthSeries | None
    new: MonthSeries | None
    applications: MonthSeries | None
    decisions: MonthSeries | None
    kvp: MonthSeries | None
    walk_ins: MonthSeries
    outcomes: tuple[Line, ...]
    outcomes_total: Cell
    by_municipality: tuple[Line, ...]
    by_municipality_total: Cell
    threshold: int


def render(report: AnnualReport) -> bytes:
    notices = access_notices(Access(people=report.people, state=True, municipal=report.municipal))
    if report.municipal:
        notices += [_("You have no municipal authorisation for {municipality}, so its figures are left out.")
                    .format(municipality=name) for name in report.hidden_municipalities]
    story = opening(report.heading, _(
        "The year {year} at {office} in figures, beside the year before, and month by month.").format(
            year=report.year, office=report.heading.office), notices)
    story.extend(_year_figures(report))
    story.extend(_months(report))
    story.extend(_charts(report))
    if report.municipal:
        story.extend(_outcomes(report))
        story.extend(_municipalities(report))
    story.extend(about(report.threshold))
    return build_pdf(story, frame(report.heading))


def _so_far(report: AnnualReport) -> bool:
    return len(report.months) < 12


def _year_figures(report: AnnualReport) -> list[Flowable]:
    current = str(report.year)
    if _so_far(report) and report.months:
        current = _("{year} to {month}").format(year=report.year, month=format_date(report.months[-1], "LLLL"))
    rows = [[figure.label, figure.previous.text(), figure.current.text()] for figure in report.figures]
    return [
        *section(_("The year in figures")),
        count_table((_("Figure"), str(report.year - 1), current), rows, (0.6, 0.2, 0.2)),
        explanation(" ".join(_year_explanations(report))),
    ]


def _year_explanations(report: AnnualReport) -> list[str]:
    parts = []
    if report.people:
        parts.append(_("People followed up: registered with the office and not closed, counted on the last day "
                       "of the year (or on the day the report was made). New people: registered in the year."))
    if report.municipal:
        parts.append(_("Applications received and decisions made: municipal applications, counted by the day "
                       "they were received and the day they were decided. KVP: people in the programme at some "
                       "time in the year."))
    parts.append(_("Walk-ins: visits to the office's counter registered in the walk-in register."))
    return parts


@dataclass(frozen=True)
class _Column:
    title: str
    series: MonthSeries


def _columns(report: AnnualReport) -> list[_Column]:
    named = ((_("New people"), report.new), (_("Followed up at month end"), report.followed),
             (_("Applications"), report.applications), (_("Decisions"), report.decisions),
             (_("In KVP"), report.kvp), (_("Walk-ins"), report.walk_ins))
    return [_Column(title, series) for title, series in named if series is not None]


def _months(report: AnnualReport) -> list[Flowable]:
    columns = _columns(report)
    rows = [[format_date(first, "LLLL"), *(column.series.cells[index].text() for column in columns)]
            for index, first in enumerate(report.months)]
    total = [_("The year"), *("" if column.series.total is None else column.series.total.text()
                              for column in columns)]
    width = 0.8 / len(columns)
    return [
        *section(_("Month by month")),
        count_table((_("Month"), *(column.title for column in columns)), rows, (0.2, *(width for _c in columns)),
                    total=total),
        explanation(_month_explanation(report)),
    ]


def _month_explanation(report: AnnualReport) -> str:
    if report.municipal:
        return _("Each month's new people, applications, decisions and walk-ins add up to the year's figure. "
                 "'Followed up at month end' and 'In KVP' are counts on a day or within a month, so they do not "
                 "add up over the year.")
    if report.people:
        return _("Each month's new people and walk-ins add up to the year's figure. 'Followed up at month end' "
                 "is a count on one day, so it does not add up over the year.")
    return _("Each month's walk-ins add up to the year's figure.")


def _values(series: MonthSeries) -> list[int | None]:
    return [cell.count for cell in series.cells]


def _charts(report: AnnualReport) -> list[Flowable]:
    months = [format_date(first, "LLL") for first in report.months]
    mark = withheld_mark(report.threshold)

    def chart(kind: str, title: str, series: Sequence[tuple[str, MonthSeries]], text: str) -> Flowable:
        if all(cell.count is None for _name, item in series for cell in item.cells):
            return explanation(_("{chart}: every month's count is below {threshold}, so the chart is left "
                                 "out.").format(chart=title, threshold=format_number(report.threshold)))
        drawing = charts.line_chart if kind == "line" else charts.bar_chart
        return charts.figure(drawing(months, [charts.Series(name, _values(item)) for name, item in series],
                                     title=title, withheld_mark=mark), text)

    story: list[Flowable] = []
    if report.followed is not None:
        story.append(chart("line", _("People followed up at the end of each month"),
                           [(_("People followed up"), report.followed)],
                           _("How many people the office followed up on the last day of each month.")))
    if report.applications is not None and report.decisions is not None:
        story.append(chart("bar", _("Municipal applications and decisions"),
                           [(_("Applications received"), report.applications),
                            (_("Decisions made"), report.decisions)],
                           _("Municipal applications received and decisions made in each month. A month with "
                             "more applications than decisions leaves more cases waiting.")))
    if report.kvp is not None:
        story.append(chart("line", _("People in the qualification programme (KVP)"),
                           [(_("Participants"), report.kvp)],
                           _("People in the programme at some time in each month.")))
    story.append(chart("bar", _("Walk-ins at the office"), [(_("Walk-ins"), report.walk_ins)],
                       _("Visits to the counter registered in each month, at the office and on its office days "
                         "elsewhere: the basis for deciding opening hours.")))
    return story


def _outcomes(report: AnnualReport) -> list[Flowable]:
    story: list[Flowable] = [
        *section(_("Decisions by outcome")),
        lines_table((_("Outcome"), _("Decisions"), _("Share")), report.outcomes, _("All decisions"),
                    report.outcomes_total, _("No decisions were made in the year.")),
    ]
    if report.outcomes_total.count:
        story.append(charts.figure(
            charts.share_chart([line.label for line in report.outcomes], [line.share for line in report.outcomes],
                               title=_("Share of the decisions"), withheld_mark=withheld_mark(report.threshold)),
            _("The municipal decisions made in the year, by outcome.")))
    return story


def _municipalities(report: AnnualReport) -> Sequence[Flowable]:
    return [
        *section(_("Applications by municipality")),
        lines_table((_("Municipality"), _("Applications"), _("Share")), report.by_municipality,
                    _("All applications"), report.by_municipality_total, _("No applications were received in the "
                                                                           "year.")),
        explanation(_("Municipal applications received in the year, by the municipality responsible for them.")),
    ]
