"""The office's monthly report: people followed up, caseloads, plans, deadlines, contact, meetings and
walk-ins. Plain data in, PDF bytes out, in the language current while rendering.

A figure the reader may not see arrives as None and is left out, with a notice saying which side is
missing (never a zero that would look like a count).
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
    share,
    side_columns,
    spacer,
)


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day
    new: int
    ended: int


@dataclass(frozen=True)
class LoadRow:
    """A veileder's or a team's people; None where the reader may not see that side."""

    name: str
    people: int
    state: int | None
    municipal: int | None
    unassigned: int | None = None  # teams: owned but without an effective veileder


@dataclass(frozen=True)
class PeopleFigures:
    followed: int
    new: int
    ended: int
    unassigned: int
    trend: tuple[MonthCount, ...]  # the twelve months up to the period


@dataclass(frozen=True)
class PlanFigures:
    followed: int
    any_plan: int  # counting only the plans the reader may see
    activity_plan: int | None
    individual_plan: int | None
    kvp: int | None
    entitled: int | None  # granted the right to an individual plan
    entitled_with_plan: int | None


@dataclass(frozen=True)
class DeadlineFigures:
    decided: int
    decided_on_time: int
    open_overdue: int
    interim_due: int
    interim_on_time: int
    interim_late: int
    interim_missing: int


@dataclass(frozen=True)
class ContactFigures:
    counted_3: int  # followed up since before the 3-month cutoff
    without_3: int
    counted_6: int
    without_6: int


@dataclass(frozen=True)
class MeetingFigures:
    appointments: int
    held: int
    cancelled: int
    upcoming: int
    by_channel: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class WalkInFigures:
    total: int
    before: int  # the month before
    by_category: tuple[tuple[str, int, int], ...]  # (label, this month, the month before)


@dataclass(frozen=True)
class MonthReport:
    heading: ReportHeading
    day: date  # stocks are counted on this day
    access: Access
    people: PeopleFigures | None  # None: the reader sees no person data
    veiledere: tuple[LoadRow, ...]
    teams: tuple[LoadRow, ...]
    plans: PlanFigures | None
    deadlines: DeadlineFigures | None  # municipal: None when withheld
    contact: ContactFigures | None
    meetings: MeetingFigures | None
    walk_ins: WalkInFigures


def render(report: MonthReport) -> bytes:
    heading = report.heading
    story: list[Flowable] = opening(
        heading,
        _("The office's month in figures: who is followed up, how the caseload is shared, plans, deadlines, "
          "contact, meetings and walk-ins. Numbers of people are counted on {day}; events over the whole "
          "month.").format(day=format_date(report.day, "long")),
        access_notices(report.access))
    if report.people is not None:
        story += _people(report.people)
        story += _caseload(report)
    if report.plans is not None:
        story += _plans(report.plans)
    if report.deadlines is not None:
        story += _deadlines(report.deadlines)
    if report.contact is not None:
        story += _contact(report.contact)
    if report.meetings is not None:
        story += _meetings(report.meetings)
    story += _walk_ins(report.walk_ins)
    return build_pdf(story, frame(heading))


def _people(people: PeopleFigures) -> list[Flowable]:
    return [
        *section(_("People followed up")),
        key_figures([
            KeyFigure(_("Followed up"), number(people.followed),
                      _("People living in the office's municipalities who are registered and not archived.")),
            KeyFigure(_("New this month"), number(people.new), _("Registered during the month.")),
            KeyFigure(_("Ended this month"), number(people.ended),
                      _("Follow-up closed and the person archived during the month.")),
            KeyFigure(_("Unassigned (ufordelte)"), number(people.unassigned),
                      _("Followed up but without a veileder who is at work or covered by a deputy.")),
        ]),
        spacer(),
        charts.figure(
            charts.bar_chart([month_label(item.month, short=True) for item in people.trend],
                             [charts.Series(_("New"), [item.new for item in people.trend]),
                              charts.Series(_("Ended"), [item.ended for item in people.trend])],
                             title=_("New and ended per month")),
            _("New and ended per month over the last twelve months: when more start than end, the caseload "
              "grows.")),
    ]


def _caseload(report: MonthReport) -> list[Flowable]:
    story: list[Flowable] = section(_("Caseload per veileder"))
    sides = side_columns(report.access)
    if report.veiledere:
        story.append(_load_table(_("Veileder"), report.veiledere, sides))
    else:
        story.append(notice(_("No veileder held any of the office's people on this day.")))
    story.append(explanation(_("People each veileder held as contact on the day, and how many of them had a "
                               "state or a municipal service during the month (a person can have both).")))
    story += section(_("Caseload per team"))
    if report.teams:
        story.append(_load_table(_("Team"), report.teams, sides, unassigned=True))
    else:
        story.append(notice(_("No team owned any of the office's people on this day.")))
    story.append(explanation(_("People each team owned on the day; unassigned are those the team holds "
                               "without a veileder: its queue.")))
    return story


def _load_table(first: str, rows: tuple[LoadRow, ...], sides: tuple[bool, bool], *,
                unassigned: bool = False) -> Flowable:
    show_state, show_municipal = sides
    header = [first, _("People")]
    if unassigned:
        header.append(_("Unassigned"))
    if show_state:
        header.append(_("State"))
    if show_municipal:
        header.append(_("Municipal"))
    body = []
    for row in rows:
        line = [row.name, number(row.people)]
        if unassigned:
            line.append(number(row.unassigned or 0))
        if show_state:
            line.append(number(row.state or 0))
        if show_municipal:
            line.append(number(row.municipal or 0))
        body.append(line)
    total = [_("Total"), number(sum(row.people for row in rows))]
    if unassigned:
        total.append(number(sum(row.unassigned or 0 for row in rows)))
    if show_state:
        total.append(number(sum(row.state or 0 for row in rows)))
    if show_municipal:
        total.append(number(sum(row.municipal or 0 for row in rows)))
    others = len(header) - 1
    return count_table(header, body, [0.46] + [0.54 / others] * others, total=total)


def _plans(plans: PlanFigures) -> list[Flowable]:
    figures = [KeyFigure(_("With an active plan"), share(plans.any_plan, plans.followed),
                         _("{count} of {total} followed up have an activity plan, individual plan or KVP "
                           "programme in force that you may see.").format(count=number(plans.any_plan),
                                                                          total=number(plans.followed)))]
    if plans.activity_plan is not None:
        figures.append(KeyFigure(_("Activity plan"), number(plans.activity_plan),
                                 _("An activity planned or under way in the activity plan.")))
    if plans.individual_plan is not None:
        figures.append(KeyFigure(_("Individual plan"), number(plans.individual_plan),
                                 _("An individual plan in force (not a draft, not ended).")))
    if plans.kvp is not None:
        figures.append(KeyFigure(_("Qualification programme (KVP)"), number(plans.kvp),
                                 _("A KVP programme running on the day.")))
    if plans.entitled is not None and plans.entitled_with_plan is not None:
        figures.append(KeyFigure(
            _("Individual plans among those entitled"), share(plans.entitled_with_plan, plans.entitled),
            _("{count} of {total} people granted the right to an individual plan have one in force.").format(
                count=number(plans.entitled_with_plan), total=number(plans.entitled))))
    return [*section(_("Plans")), key_figures(figures)]


def _deadlines(deadlines: DeadlineFigures) -> list[Flowable]:
    late = deadlines.decided - deadlines.decided_on_time
    return [
        *section(_("Deadlines in municipal cases")),
        key_figures([
            KeyFigure(_("Decided within the processing deadline"),
                      share(deadlines.decided_on_time, deadlines.decided),
                      ngettext("{on_time} of {decided} application decided this month was decided in time; "
                               "{late} after the deadline.",
                               "{on_time} of {decided} applications decided this month were decided in time; "
                               "{late} after the deadline.", deadlines.decided).format(
                          on_time=number(deadlines.decided_on_time), decided=number(deadlines.decided),
                          late=number(late))),
            KeyFigure(_("Open past the deadline"), number(deadlines.open_overdue),
                      _("Applications still undecided on the day whose processing deadline had passed.")),
            KeyFigure(_("Interim replies sent in time"), share(deadlines.interim_on_time, deadlines.interim_due),
                      ngettext("{due} interim reply fell due this month: {on_time} sent in time, {late} late, "
                               "{missing} not sent.",
                               "{due} interim replies fell due this month: {on_time} sent in time, {late} late, "
                               "{missing} not sent.", deadlines.interim_due).format(
                          due=number(deadlines.interim_due), on_time=number(deadlines.interim_on_time),
                          late=number(deadlines.interim_late), missing=number(deadlines.interim_missing))),
        ]),
    ]


def _contact(contact: ContactFigures) -> list[Flowable]:
    return [
        *section(_("Contact")),
        key_figures([
            KeyFigure(_("No contact for 3 months"), number(contact.without_3),
                      ngettext("{share} of the {count} person followed up for at least 3 months had no "
                               "registered contact in the last 3 months.",
                               "{share} of the {count} people followed up for at least 3 months had no "
                               "registered contact in the last 3 months.", contact.counted_3).format(
                          share=share(contact.without_3, contact.counted_3),
                          count=number(contact.counted_3))),
            KeyFigure(_("No contact for 6 months"), number(contact.without_6),
                      ngettext("{share} of the {count} person followed up for at least 6 months had no "
                               "registered contact in the last 6 months.",
                               "{share} of the {count} people followed up for at least 6 months had no "
                               "registered contact in the last 6 months.", contact.counted_6).format(
                          share=share(contact.without_6, contact.counted_6),
                          count=number(contact.counted_6))),
        ]),
        explanation(_("Contacts are counted from the contact log (phone, meeting, home visit, SMS, video, "
                      "letter), as far as you may read it.")),
    ]


def _meetings(meetings: MeetingFigures) -> list[Flowable]:
    story: list[Flowable] = [
        *section(_("Appointments")),
        key_figures([
            KeyFigure(_("Appointments this month"), number(meetings.appointments),
                      _("{held} held, {cancelled} cancelled, {upcoming} still to come.").format(
                          held=number(meetings.held), cancelled=number(meetings.cancelled),
                          upcoming=number(meetings.upcoming))),
        ]),
    ]
    if meetings.by_channel:
        story.append(spacer())
        story.append(count_table([_("How"), _("Appointments"), _("Share")],
                                 [[label, number(count), share(count, meetings.appointments)]
                                  for label, count in meetings.by_channel], [0.5, 0.25, 0.25]))
        story.append(explanation(_("Appointments booked for the month by how they were held.")))
    return story


def _walk_ins(walk_ins: WalkInFigures) -> list[Flowable]:
    return [
        *section(_("Walk-ins")),
        key_figures([KeyFigure(_("Walk-ins this month"), number(walk_ins.total),
                               _("Change from the month before: {change}.").format(
                                   change=change(walk_ins.total, walk_ins.before)))]),
        spacer(),
        count_table([_("About"), _("This month"), _("Month before"), _("Change")],
                    [[label, number(now), number(before), change(now, before)]
                     for label, now, before in walk_ins.by_category],
                    [0.46, 0.18, 0.18, 0.18],
                    total=[_("Total"), number(walk_ins.total), number(walk_ins.before),
                           change(walk_ins.total, walk_ins.before)]),
        explanation(_("People who came to the counter, by what they came about (the walk-in register records "
                      "no names). The walk-ins report shows the year and the hours.")),
    ]
