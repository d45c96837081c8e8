"""The state follow-up report: innsatsgrupper, §14a decisions, activity-plan coverage, AAP periods ending
and sick-leave checkpoints. Plain data in, PDF bytes out, in the language current while rendering.

A reader who may not see the state side at the office gets the report's frame and a notice, no figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable

from navdesk.i18n import _, format_date, ngettext
from navdesk.reports import charts
from navdesk.reports.common import build_pdf
from navdesk.reports.figures import (
    Access,
    KeyFigure,
    ReportHeading,
    access_notices,
    count_table,
    explanation,
    frame,
    key_figures,
    month_label,
    number,
    opening,
    section,
    share,
    spacer,
)


@dataclass(frozen=True)
class InnsatsRow:
    label: str
    people: int
    with_activity_plan: int


@dataclass(frozen=True)
class MonthValue:
    month: date  # the first day
    value: int


@dataclass(frozen=True)
class Checkpoint:
    weeks: int
    due: int  # fell due in the period (up to the report's day)
    held: int  # a meeting or contact around the checkpoint


@dataclass(frozen=True)
class StateFigures:
    with_state_service: int
    innsats: tuple[InnsatsRow, ...]  # every group, also those at 0
    without_group: int  # with a state service but no innsatsgruppe: a §14a decision is due
    decisions: tuple[MonthValue, ...]  # §14a decisions per month, the last is the period
    aap_running: int
    aap_ending: tuple[MonthValue, ...]  # the period and the months after it
    sick_leave_running: int
    checkpoints: tuple[Checkpoint, ...]


@dataclass(frozen=True)
class StateReport:
    heading: ReportHeading
    day: date
    access: Access
    figures: StateFigures | None  # None: the reader may not see the state side here


def render(report: StateReport) -> bytes:
    story: list[Flowable] = opening(
        report.heading,
        _("The office's state follow-up: innsatsgrupper and §14a decisions, how many have an activity plan, "
          "AAP periods ending and sick-leave checkpoints. Numbers of people are counted on {day}.").format(
              day=format_date(report.day, "long")),
        access_notices(report.access))
    if report.figures is not None:
        story += _innsats(report.figures)
        story += _decisions(report.figures)
        story += _aap(report.figures)
        story += _sick_leave(report.figures)
    return build_pdf(story, frame(report.heading))


def _innsats(figures: StateFigures) -> list[Flowable]:
    grouped = sum(row.people for row in figures.innsats)
    rows = [[row.label, number(row.people), share(row.people, grouped), number(row.with_activity_plan),
             share(row.with_activity_plan, row.people)] for row in figures.innsats]
    planned = sum(row.with_activity_plan for row in figures.innsats)
    return [
        *section(_("Innsatsgrupper and activity plans")),
        count_table([_("Innsatsgruppe"), _("People"), _("Share"), _("With an activity plan"), _("Coverage")],
                    rows, [0.44, 0.12, 0.12, 0.18, 0.14],
                    total=[_("Total"), number(grouped), share(grouped, grouped), number(planned),
                           share(planned, grouped)]),
        explanation(_("People followed up with an innsatsgruppe from a §14a decision, and how many of them have "
                      "an activity planned or under way in the activity plan (coverage).")),
    ]


def _decisions(figures: StateFigures) -> list[Flowable]:
    this_month = figures.decisions[-1].value if figures.decisions else 0
    return [
        *section(_("§14a decisions")),
        key_figures([
            KeyFigure(_("Decisions this month"), number(this_month),
                      _("§14a decisions (innsatsgruppe and hovedmål) made during the month.")),
            KeyFigure(_("Decisions due"), number(figures.without_group),
                      ngettext("{count} person followed up with a state service has no innsatsgruppe yet.",
                               "{count} people followed up with a state service have no innsatsgruppe yet.",
                               figures.without_group).format(count=number(figures.without_group))),
        ]),
        spacer(),
        charts.figure(
            charts.bar_chart([month_label(item.month, short=True) for item in figures.decisions],
                             [charts.Series(_("§14a decisions"), [item.value for item in figures.decisions])],
                             title=_("§14a decisions per month")),
            _("§14a decisions per month over the last twelve months.")),
    ]


def _aap(figures: StateFigures) -> list[Flowable]:
    rows = [[month_label(item.month), number(item.value)] for item in figures.aap_ending]
    return [
        *section(_("AAP periods ending")),
        key_figures([KeyFigure(_("Receiving AAP"), number(figures.aap_running),
                               _("People with a work assessment allowance period running on the day."))]),
        spacer(),
        count_table([_("Month"), _("AAP periods ending")], rows, [0.6, 0.4]),
        explanation(_("AAP periods that end in the month and in the months after it: these people need a plan "
                      "for what comes next before the period runs out.")),
    ]


def _sick_leave(figures: StateFigures) -> list[Flowable]:
    rows = [[_("{weeks} weeks").format(weeks=number(item.weeks)), number(item.due), number(item.held),
             number(item.due - item.held), share(item.held, item.due)] for item in figures.checkpoints]
    due = sum(item.due for item in figures.checkpoints)
    held = sum(item.held for item in figures.checkpoints)
    return [
        *section(_("Sick-leave checkpoints")),
        key_figures([KeyFigure(_("On sick leave"), number(figures.sick_leave_running),
                               _("People with sick-leave follow-up running on the day."))]),
        spacer(),
        count_table([_("Checkpoint"), _("Due"), _("Held"), _("Not held"), _("Share held")], rows,
                    [0.32, 0.17, 0.17, 0.17, 0.17],
                    total=[_("Total"), number(due), number(held), number(due - held), share(held, due)]),
        explanation(_("Checkpoints that fell due in the month, counted from the first day of sick leave. Held: a "
                      "meeting or a contact with the person on the state side around the checkpoint.")),
    ]
