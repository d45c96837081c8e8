"""The printed plans: the activity plan for the person to read and sign, the individual plan, the KVP plan
and the minutes of an ansvarsgruppe meeting.

Plain data in, PDF bytes out, in the language current while rendering. What the printing staff member
may not see never reaches these builders: the data is judged in `navdesk.services.plan_prints`, which
passes only the "withheld" markers that may be shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from navdesk.i18n import _, format_date, format_number
from navdesk.reports.common import (
    INK,
    MUTED,
    RULE,
    SHADE,
    TEXT_WIDTH,
    PageFrame,
    build_pdf,
    data_table,
    markup,
    paragraph,
    styles,
)


@dataclass(frozen=True)
class PrintHeader:
    office: str
    person_name: str
    fnr: str
    address: str  # "" when there is none or it may not be printed (a protected address never is)
    printed_at: datetime
    printed_by: str


@dataclass(frozen=True)
class PrintActivity:
    type_label: str
    status: str  # ActivityStatus value, for grouping
    status_label: str
    title: str
    from_date: date | None
    to_date: date | None
    agreed: bool
    overdue: bool
    kvp: bool
    details: tuple[tuple[str, str], ...]  # (label, value) of the type's own fields
    description: str
    cancel_reason: str


@dataclass(frozen=True)
class PrintMeasure:
    description: str
    scope: str
    owner: str
    deadline: date | None
    carried_out: str
    done_on: date | None


@dataclass(frozen=True)
class ActivityPlanPrint:
    header: PrintHeader
    goals: tuple[str, ...]
    activities: tuple[PrintActivity, ...]
    kvp_note: str  # "" or what the print holds of KVP ("KVP activities only")
    withheld: tuple[str, ...]  # what is left out, in words; never its content


@dataclass(frozen=True)
class PrintParticipant:
    name: str
    role: str
    organisation: str
    contribution: str
    sharing_consent: str  # the consent's state in words, or "" where none is needed


@dataclass(frozen=True)
class PrintRevision:
    revised_on: date
    summary: str
    next_revision_on: date
    by: str


@dataclass(frozen=True)
class IndividualPlanPrint:
    header: PrintHeader
    municipality: str
    status_label: str
    period_from: date | None
    period_to: date | None
    next_revision_on: date | None
    coordinator: str
    goals: tuple[str, ...]
    resources: str
    needs: str
    participants: tuple[PrintParticipant, ...]
    measures: tuple[PrintMeasure, ...]
    carried_out: str
    other_services: str
    plan_consent: str  # the state of the person's consent to the plan in words, "" when none is recorded
    revisions: tuple[PrintRevision, ...]
    missing: tuple[str, ...]  # required items the plan does not yet hold
    withheld: tuple[str, ...]


@dataclass(frozen=True)
class PrintWeekRow:
    weekday: str
    activity: str
    hours: float
    goal: str


@dataclass(frozen=True)
class KvpPlanPrint:
    header: PrintHeader
    municipality: str
    status_label: str
    starts_on: date
    planned_end_on: date
    special_reason: str
    interruptions: tuple[tuple[date, date | None, str], ...]
    week: tuple[PrintWeekRow, ...]
    week_hours: float
    goals: tuple[str, ...]
    measures: tuple[PrintMeasure, ...]
    activities: tuple[PrintActivity, ...]
    ended_on: date | None
    end_reason: str
    withheld: tuple[str, ...]


@dataclass(frozen=True)
class PrintTask:
    description: str
    owner: str
    deadline: date | None
    done_on: date | None


@dataclass(frozen=True)
class MinutesPrint:
    header: PrintHeader
    group_name: str
    held_on: date
    place: str
    attendees: tuple[str, ...]
    minutes: str
    decisions: str
    tasks: tuple[PrintTask, ...]
    written_by: str
    written_at: datetime


def activity_plan_title() -> str:
    return _("Activity plan")


def individual_plan_title() -> str:
    return _("Individual plan")


def kvp_plan_title() -> str:
    return _("Qualification programme plan (KVP)")


def minutes_title() -> str:
    return _("Minutes of the ansvarsgruppe meeting")


# Activity plan ------------------------------------------------------------------------------------

def render_activity_plan(plan: ActivityPlanPrint) -> bytes:
    look = styles()
    story = _opening(activity_plan_title(), plan.header)
    if plan.kvp_note:
        story.append(paragraph(plan.kvp_note, look["body"]))
    story.append(paragraph(_("This is your activity plan: your goals and the activities you have agreed with "
                             "NAV. Read it through. If anything is wrong or missing, tell your veileder."),
                           look["body"]))
    story.extend(_goals(plan.goals))
    story.append(paragraph(_("Activities"), look["heading"]))
    if not plan.activities:
        story.append(paragraph(_("There are no activities in the plan."), look["body"]))
    for status_label, activities in _by_status(plan.activities):
        story.append(CondPageBreak(30 * mm))
        story.append(paragraph(status_label, _subheading()))
        story.append(_activity_table(activities))
    story.extend(_withheld(plan.withheld))
    story.extend(_signatures(plan.header.person_name, _("For NAV")))
    return build_pdf(story, _frame(activity_plan_title(), plan.header))


def _by_status(activities: Sequence[PrintActivity]) -> list[tuple[str, list[PrintActivity]]]:
    groups: dict[str, tuple[str, list[PrintActivity]]] = {}
    for activity in activities:
        groups.setdefault(activity.status, (activity.status_label, []))[1].append(activity)
    return list(groups.values())


def _activity_table(activities: Sequence[PrintActivity]) -> Table:
    look = styles()
    rows = []
    for activity in activities:
        lines = [f"<b>{markup(activity.title)}</b>"]
        lines.extend(markup(f"{name}: {value}") for name, value in activity.details)
        if activity.description:
            lines.append(markup(activity.description))
        if activity.cancel_reason:
            lines.append(markup(_("Reason for cancelling: {reason}").format(reason=activity.cancel_reason)))
        flags = []
        if activity.agreed:
            flags.append(_("Agreed with NAV"))
        if activity.overdue:
            flags.append(_("Past its end date"))
        if activity.kvp:
            flags.append(_("KVP"))
        rows.append([
            activity.type_label,
            Paragraph("<br/>".join(lines), look["cell"]),
            _period(activity.from_date, activity.to_date),
            ", ".join(flags),
        ])
    widths = [TEXT_WIDTH * share for share in (0.22, 0.46, 0.17, 0.15)]
    return data_table((_("Kind"), _("Activity"), _("Period"), _("Note")), rows, widths)


# Individual plan ----------------------------------------------------------------------------------

def render_individual_plan(plan: IndividualPlanPrint) -> bytes:
    look = styles()
    story = _opening(individual_plan_title(), plan.header)
    story.append(_facts_table([
        (_("Responsible municipality"), plan.municipality),
        (_("Status"), plan.status_label),
        (_("Plan period"), _period(plan.period_from, plan.period_to)),
        (_("Next revision"), format_date(plan.next_revision_on)),
        (_("Coordinator (koordinator)"), plan.coordinator or _("Not appointed")),
        (_("Consent to the plan"), plan.plan_consent or _("Not recorded")),
    ]))
    story.extend(_goals(plan.goals, heading=_("My goals")))
    story.extend(_text_section(_("My resources"), plan.resources))
    story.extend(_text_section(_("My needs"), plan.needs))
    story.append(paragraph(_("Participants and what each contributes"), look["heading"]))
    if plan.participants:
        rows = [[p.name, ", ".join(part for part in (p.role, p.organisation) if part), p.contribution,
                 p.sharing_consent] for p in plan.participants]
        widths = [TEXT_WIDTH * share for share in (0.22, 0.22, 0.38, 0.18)]
        story.append(data_table((_("Name"), _("Role"), _("Contribution"), _("Consent to share")), rows, widths))
    else:
        story.append(paragraph(_("No participants are recorded."), look["body"]))
    story.extend(_measures(plan.measures))
    story.extend(_text_section(_("How the measures are carried out"), plan.carried_out))
    story.extend(_text_section(_("Other services involved"), plan.other_services))
    if plan.revisions:
        story.append(paragraph(_("Revisions"), look["heading"]))
        rows = [[format_date(r.revised_on), r.summary, format_date(r.next_revision_on), r.by] for r in plan.revisions]
        widths = [TEXT_WIDTH * share for share in (0.15, 0.50, 0.15, 0.20)]
        story.append(data_table((_("Revised"), _("Summary"), _("Next revision"), _("By")), rows, widths))
    if plan.missing:
        story.append(paragraph(_("Not yet in the plan"), look["heading"]))
        story.append(paragraph("\n".join(f"• {item}" for item in plan.missing), look["body"]))
    story.extend(_withheld(plan.withheld))
    coordinator = (_("{name}, coordinator").format(name=plan.coordinator) if plan.coordinator
                   else _("Coordinator"))
    story.extend(_signatures(plan.header.person_name, coordinator))
    return build_pdf(story, _frame(individual_plan_title(), plan.header))


# KVP plan -----------------------------------------------------------------------------------------

def render_kvp_plan(plan: KvpPlanPrint) -> bytes:
    look = styles()
    story = _opening(kvp_plan_title(), plan.header)
    facts = [
        (_("Responsible municipality"), plan.municipality),
        (_("Status"), plan.status_label),
        (_("Programme period"), _period(plan.starts_on, plan.planned_end_on)),
    ]
    if plan.special_reason:
        facts.append((_("Special reason for a longer programme"), plan.special_reason))
    if plan.ended_on:
        facts.append((_("Ended"), f"{format_date(plan.ended_on)}: {plan.end_reason}"))
    story.append(_facts_table(facts))
    story.extend(_goals(plan.goals))
    story.append(paragraph(_("Weekly plan"), look["heading"]))
    if plan.week:
        rows = [[row.weekday, row.activity, _hours(row.hours), row.goal] for row in plan.week]
        rows.append([_("In all"), "", _hours(plan.week_hours), ""])
        widths = [TEXT_WIDTH * share for share in (0.16, 0.44, 0.12, 0.28)]
        story.append(data_table((_("Day"), _("Activity"), _("Hours"), _("Goal")), rows, widths,
                                extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]))
    else:
        story.append(paragraph(_("The weekly plan is not filled in yet."), look["body"]))
    if plan.interruptions:
        story.append(paragraph(_("Interruptions"), look["heading"]))
        rows = [[format_date(start), format_date(end) if end else _("Still interrupted"), reason]
                for start, end, reason in plan.interruptions]
        widths = [TEXT_WIDTH * share for share in (0.18, 0.22, 0.60)]
        story.append(data_table((_("From"), _("Back in the programme"), _("Reason")), rows, widths))
    story.extend(_measures(plan.measures))
    if plan.activities:
        story.append(paragraph(_("Activities"), look["heading"]))
        story.append(_activity_table(plan.activities))
    story.extend(_withheld(plan.withheld))
    story.extend(_signatures(plan.header.person_name, _("For NAV")))
    return build_pdf(story, _frame(kvp_plan_title(), plan.header))


# Minutes ------------------------------------------------------------------------------------------

def render_minutes(minutes: MinutesPrint) -> bytes:
    look = styles()
    story = _opening(minutes_title(), minutes.header)
    story.append(_facts_table([
        (_("Ansvarsgruppe"), minutes.group_name),
        (_("Date"), format_date(minutes.held_on, "long")),
        (_("Place"), minutes.place or "—"),
    ]))
    story.append(paragraph(_("Present"), look["heading"]))
    story.append(paragraph("\n".join(minutes.attendees) or "—", look["body"]))
    story.extend(_text_section(_("Minutes"), minutes.minutes))
    story.extend(_text_section(_("Decisions"), minutes.decisions))
    story.append(paragraph(_("Follow-up"), look["heading"]))
    if minutes.tasks:
        rows = [[task.description, task.owner, format_date(task.deadline),
                 format_date(task.done_on) if task.done_on else ""] for task in minutes.tasks]
        widths = [TEXT_WIDTH * share for share in (0.50, 0.22, 0.14, 0.14)]
        story.append(data_table((_("Task"), _("Responsible"), _("Deadline"), _("Done")), rows, widths))
    else:
        story.append(paragraph(_("No follow-up tasks were agreed."), look["body"]))
    story.append(Spacer(0, 6 * mm))
    story.append(paragraph(_("Minutes written by {name} on {date}.").format(
        name=minutes.written_by, date=format_date(minutes.written_at.date(), "long")), look["small"]))
    return build_pdf(story, _frame(minutes_title(), minutes.header))


# Shared pieces ------------------------------------------------------------------------------------

def _frame(title: str, header: PrintHeader) -> PageFrame:
    return PageFrame(office=header.office, title=title, printed=format_date(header.printed_at.date(), "long"))


def _opening(title: str, header: PrintHeader) -> list[Flowable]:
    look = styles()
    story: list[Flowable] = [
        paragraph(title, look["title"]),
        paragraph(_("{name}, fødselsnummer {fnr}").format(name=header.person_name, fnr=_spaced(header.fnr)),
                  look["subtitle"]),
    ]
    if header.address:
        story.append(paragraph(header.address, look["body"]))
    story.append(paragraph(_("Printed {date} by {name}, {office}.").format(
        date=format_date(header.printed_at.date(), "long"), name=header.printed_by, office=header.office),
        look["small"]))
    return story


def _goals(goals: Sequence[str], heading: str | None = None) -> list[Flowable]:
    look = styles()
    story: list[Flowable] = [paragraph(heading or _("Goals"), look["heading"])]
    if goals:
        story.extend(paragraph(f"• {goal}", look["body"]) for goal in goals)
    else:
        story.append(paragraph(_("No goals are written down yet."), look["body"]))
    return story


def _measures(measures: Sequence[PrintMeasure]) -> list[Flowable]:
    look = styles()
    story: list[Flowable] = [paragraph(_("Measures"), look["heading"])]
    if not measures:
        story.append(paragraph(_("No measures are written down yet."), look["body"]))
        return story
    rows = []
    for m in measures:
        text = m.description + (f"\n{m.carried_out}" if m.carried_out else "")
        done = _("Done {date}").format(date=format_date(m.done_on)) if m.done_on else ""
        rows.append([text, m.scope, m.owner, format_date(m.deadline), done])
    widths = [TEXT_WIDTH * share for share in (0.40, 0.15, 0.19, 0.13, 0.13)]
    story.append(data_table((_("Measure"), _("Scope"), _("Responsible"), _("Deadline"), _("Status")), rows, widths))
    return story


def _text_section(heading: str, text: str) -> list[Flowable]:
    look = styles()
    return [paragraph(heading, look["heading"]), paragraph(text.strip() or "—", look["body"])]


def _facts_table(facts: Sequence[tuple[str, str]]) -> Table:
    look = styles()
    rows = [[Paragraph(markup(name), look["cell_head"]), Paragraph(markup(value or "—"), look["cell"])]
            for name, value in facts]
    table = Table(rows, colWidths=[TEXT_WIDTH * 0.32, TEXT_WIDTH * 0.68])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _withheld(markers: Sequence[str]) -> list[Flowable]:
    if not markers:
        return []
    look = styles()
    return [
        Spacer(0, 3 * mm),
        paragraph(_("Not included in this print"), look["heading"]),
        *(paragraph(marker, look["small"]) for marker in markers),
    ]


def _signatures(person_name: str, other: str) -> list[Flowable]:
    """Two signature lines with place and date: the person's and NAV's (or the coordinator's)."""
    look = styles()
    line = [Paragraph(markup(_("Place and date")), look["small"]), "",
            Paragraph(markup(_("Place and date")), look["small"])]
    names = [Paragraph(markup(person_name), look["small"]), "", Paragraph(markup(other), look["small"])]
    width = TEXT_WIDTH * 0.45
    table = Table([["", "", ""], line, ["", "", ""], names],
                  colWidths=[width, TEXT_WIDTH - 2 * width, width], rowHeights=[14 * mm, None, 16 * mm, None])
    table.setStyle(TableStyle([
        ("LINEABOVE", (0, 1), (0, 1), 0.6, MUTED),
        ("LINEABOVE", (2, 1), (2, 1), 0.6, MUTED),
        ("LINEABOVE", (0, 3), (0, 3), 0.6, MUTED),
        ("LINEABOVE", (2, 3), (2, 3), 0.6, MUTED),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [KeepTogether([Spacer(0, 8 * mm), paragraph(_("Signatures"), look["heading"]), table])]


def _subheading() -> ParagraphStyle:
    heading = styles()["heading"]
    return ParagraphStyle("subheading", parent=heading, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=3)


def _period(starts: date | None, ends: date | None) -> str:
    if starts and ends:
        return f"{format_date(starts)} – {format_date(ends)}"
    if starts:
        return _("From {date}").format(date=format_date(starts))
    if ends:
        return _("Until {date}").format(date=format_date(ends))
    return ""


def _hours(hours: float) -> str:
    return format_number(int(hours) if hours == int(hours) else hours)


def _spaced(number: str) -> str:
    return f"{number[:6]} {number[6:]}" if len(number) == 11 else number
