"""The caseload report: the workload picture a leader re-balances from — per veileder and team, by side and
service, with absences and ufordelte. Plain data in, PDF bytes out, in the language current while rendering.

A side the reader may not see has no column (and no service table); the opening notice says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable

from navdesk.i18n import _, format_date, format_percent_whole
from navdesk.reports.common import build_pdf
from navdesk.reports.figures import (
    NONE,
    Access,
    KeyFigure,
    ReportHeading,
    access_notices,
    count_table,
    explanation,
    frame,
    key_figures,
    notice,
    number,
    opening,
    section,
    side_columns,
)
from navdesk.reports.month_report import LoadRow


@dataclass(frozen=True)
class VeilederLoad:
    name: str
    veileder_percent: int  # the part of a full-time position spent as veileder
    people: int
    state: int | None  # None: the reader may not see that side
    municipal: int | None
    away_until: date | None  # away on the report's day
    deputy: str  # who covers while away ("" when no one)


@dataclass(frozen=True)
class ServiceLoad:
    service: str
    people: int  # held by a veileder and with the service during the period
    holders: tuple[tuple[str, int], ...]  # (veileder, people), most first


@dataclass(frozen=True)
class ServiceTable:
    title: str
    rows: tuple[ServiceLoad, ...]


@dataclass(frozen=True)
class Absence:
    name: str
    starts: date
    ends: date
    deputy: str  # "" when no one covers
    people: int


@dataclass(frozen=True)
class CaseloadReport:
    heading: ReportHeading
    day: date
    access: Access
    followed: int
    unassigned: int
    unassigned_without_team: int
    veiledere: tuple[VeilederLoad, ...]
    teams: tuple[LoadRow, ...]
    services: tuple[ServiceTable, ...]  # one per side the reader may see
    absences: tuple[Absence, ...]  # overlapping the period


def render(report: CaseloadReport) -> bytes:
    story: list[Flowable] = opening(
        report.heading,
        _("The workload picture for re-balancing caseloads: who holds how many of the office's people, on "
          "which side and in which services, who is away, and who has no veileder. Counted on {day}.").format(
              day=format_date(report.day, "long")),
        access_notices(report.access))
    if report.access.people:
        story += _summary(report)
        story += _veiledere(report)
        story += _teams(report)
        for table in report.services:
            story += _services(table)
    story += _absences(report)
    return build_pdf(story, frame(report.heading))


def _positions(report: CaseloadReport) -> float:
    return sum(item.veileder_percent for item in report.veiledere) / 100


def _summary(report: CaseloadReport) -> list[Flowable]:
    held = report.followed - report.unassigned
    positions = _positions(report)
    average = number(round(held / positions)) if positions else NONE
    return [
        *section(_("Summary")),
        key_figures([
            KeyFigure(_("Followed up"), number(report.followed),
                      _("People living in the office's municipalities who are registered and not archived.")),
            KeyFigure(_("Held by a veileder"), number(held),
                      _("With a contact veileder who is at work, or whose deputy covers.")),
            KeyFigure(_("Unassigned (ufordelte)"), number(report.unassigned),
                      _("{count} of them are owned by no team either.").format(
                          count=number(report.unassigned_without_team))),
            KeyFigure(_("People per full veileder position"), average,
                      _("Held people divided by the veileder positions below (full-time equivalents).")),
        ]),
    ]


def _veiledere(report: CaseloadReport) -> list[Flowable]:
    show_state, show_municipal = side_columns(report.access)
    header = [_("Veileder"), _("Position"), _("People"), _("Per full position")]
    header += [_("State")] if show_state else []
    header += [_("Municipal")] if show_municipal else []
    header.append(_("Away"))
    rows = []
    for item in report.veiledere:
        per_position = number(round(item.people * 100 / item.veileder_percent)) if item.veileder_percent else NONE
        line = [item.name, format_percent_whole(item.veileder_percent), number(item.people), per_position]
        line += [number(item.state or 0)] if show_state else []
        line += [number(item.municipal or 0)] if show_municipal else []
        line.append(_away(item))
        rows.append(line)
    middle = len(header) - 2
    story: list[Flowable] = section(_("Per veileder"))
    if not rows:
        story.append(notice(_("No veileder works at the office or holds any of its people.")))
        return story
    story += [
        count_table(header, rows, [0.22] + [0.56 / middle] * middle + [0.22], text_columns={len(header) - 1}),
        explanation(_("Position: the part of a full-time position spent as veileder (a leader's share is left "
                      "out). People on the state and municipal side had a service on that side during the "
                      "month; a person can have both.")),
    ]
    return story


def _away(item: VeilederLoad) -> str:
    if item.away_until is None:
        return ""
    if item.deputy:
        return _("Until {date}, {name} covers").format(date=format_date(item.away_until), name=item.deputy)
    return _("Until {date}, no deputy").format(date=format_date(item.away_until))


def _teams(report: CaseloadReport) -> list[Flowable]:
    show_state, show_municipal = side_columns(report.access)
    header = [_("Team"), _("People"), _("Unassigned")]
    header += [_("State")] if show_state else []
    header += [_("Municipal")] if show_municipal else []
    rows = []
    for row in report.teams:
        line = [row.name, number(row.people), number(row.unassigned or 0)]
        line += [number(row.state or 0)] if show_state else []
        line += [number(row.municipal or 0)] if show_municipal else []
        rows.append(line)
    story: list[Flowable] = section(_("Per team"))
    if not rows:
        story.append(notice(_("No team owns any of the office's people.")))
        return story
    total = [_("Total"), number(sum(row.people for row in report.teams)),
             number(sum(row.unassigned or 0 for row in report.teams))]
    total += [number(sum(row.state or 0 for row in report.teams))] if show_state else []
    total += [number(sum(row.municipal or 0 for row in report.teams))] if show_municipal else []
    others = len(header) - 1
    story += [
        count_table(header, rows, [0.4] + [0.6 / others] * others, total=total),
        explanation(_("People each team owns. Unassigned: owned by the team but with no veileder at work or "
                      "covered — the team's queue.")),
    ]
    return story


def _services(table: ServiceTable) -> list[Flowable]:
    rows = [[row.service, number(row.people),
             "; ".join(_("{name} {count}").format(name=name, count=number(count)) for name, count in row.holders)]
            for row in table.rows]
    return [
        *section(table.title),
        count_table([_("Service"), _("People"), _("Held by")], rows, [0.3, 0.1, 0.6], text_columns={2}),
        explanation(_("People held by a veileder who had the service during the month, and how many each "
                      "veileder holds, most first.")),
    ]


def _absences(report: CaseloadReport) -> list[Flowable]:
    story: list[Flowable] = section(_("Absences"))
    if not report.absences:
        story.append(notice(_("No one at the office is registered as away during the month.")))
        return story
    rows = [[item.name, format_date(item.starts), format_date(item.ends), item.deputy or _("No deputy"),
             number(item.people)] for item in report.absences]
    story += [
        count_table([_("Who"), _("From"), _("To"), _("Deputy"), _("People")], rows,
                    [0.28, 0.15, 0.15, 0.28, 0.14], text_columns={1, 2, 3}),
        explanation(_("Absences during the month. While someone is away with no deputy, their people count as "
                      "unassigned.")),
    ]
    return story
