"""The municipal report for the rådmann and the politicians: per municipality, its municipal services in the
period, and each municipality's share of the office's municipal work. Plain data in, PDF bytes out, in the
language current while rendering.

Every count arrives as a `navdesk.domain.suppression.Cell`, already past the small-count rule: the report
prints what the cell allows ("fewer than 5", "withheld") and cannot print a hidden value, for it has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from navdesk.domain.suppression import Cell
from navdesk.i18n import _, format_number, format_percent_value, ngettext
from navdesk.reports import charts
from navdesk.reports.common import build_pdf, markup, styles
from navdesk.reports.figures import (
    NONE,
    ReportHeading,
    count_table,
    explanation,
    frame,
    notice,
    opening,
    section,
    spacer,
)


@dataclass(frozen=True)
class Line:
    """A labelled count, with its share of the table's total when both may be printed."""

    label: str
    cell: Cell
    share: float | None = None


@dataclass(frozen=True)
class CatalogueLine:
    name: str
    minimum: bool  # part of the municipal minimum (minimumsløsning)
    people: Cell | None  # None: the reader does not work this service in this municipality
    applications: Cell | None


@dataclass(frozen=True)
class Processing:
    """Days from application to decision; None when too few decisions to print them."""

    median_days: float | None
    p90_days: int | None


@dataclass(frozen=True)
class KvpFigures:
    participants: Cell
    started: Cell
    ended: tuple[Line, ...]  # by reason
    ended_total: Cell


@dataclass(frozen=True)
class DebtFigures:
    people: Cell
    open_at_end: Cell


@dataclass(frozen=True)
class MunicipalitySection:
    name: str
    number: str
    complete: bool  # the reader works every municipal service here; else only `services`
    services: tuple[str, ...]  # names of the services counted
    catalogue: tuple[CatalogueLine, ...]
    applications_total: Cell
    decisions: tuple[Line, ...]
    decisions_total: Cell
    processing: Processing
    interim: tuple[Line, ...]
    interim_total: Cell
    complaints_received: Cell
    complaint_outcomes: tuple[Line, ...]
    complaint_outcomes_total: Cell
    kvp: KvpFigures | None  # None: the reader does not work KVP here
    debt: DebtFigures | None  # None: the reader does not work debt counselling here


@dataclass(frozen=True)
class MunicipalReport:
    heading: ReportHeading
    sections: tuple[MunicipalitySection, ...]  # the municipalities the reader has figures for
    hidden_municipalities: tuple[str, ...]  # the office's municipalities the reader has no authorisation for
    work: tuple[Line, ...]  # people with a municipal service in the period, per municipality in `sections`
    work_total: Cell
    shares_complete: bool  # the reader sees all the office's municipal work, so the shares are the real split
    threshold: int


def render(report: MunicipalReport) -> bytes:
    story = opening(report.heading, _(
        "What the municipal services at {office} did in {period}, for each municipality the office serves: "
        "the services in use, applications and decisions, processing times, interim replies, complaints, the "
        "qualification programme (KVP) and debt counselling, and each municipality's share of the work.").format(
            office=report.heading.office, period=report.heading.period), _notices(report))
    for item in report.sections:
        story.extend(_municipality(item))
    if report.sections:
        story.extend(_work(report))
    story.extend(about(report.threshold))
    return build_pdf(story, frame(report.heading))


def _notices(report: MunicipalReport) -> list[str]:
    if not report.sections:
        return [_("You may not see municipal data at this office, so this report has no municipal figures.")]
    return [_("You have no municipal authorisation for {municipality}, so its figures are left out.").format(
        municipality=name) for name in report.hidden_municipalities]


def cell_text(cell: Cell | None) -> str:
    return _("no access") if cell is None else cell.text()


def share_text(share: float | None) -> str:
    return NONE if share is None else format_percent_value(share)


def subheading(text: str) -> Paragraph:
    style = ParagraphStyle("subheading", parent=styles()["body"], fontName="Helvetica-Bold", spaceBefore=8,
                           spaceAfter=3, keepWithNext=1)
    return Paragraph(markup(text), style)


def lines_table(header: Sequence[str], lines: Sequence[Line], total_label: str, total: Cell,
                empty: str) -> Flowable:
    """Label, count and share of each line, with the total under a rule; `empty` alone when the total is 0."""
    if total.count == 0:
        return Paragraph(markup(empty), styles()["body"])
    rows = [[line.label, line.cell.text(), share_text(line.share)] for line in lines]
    return count_table(header, rows, (0.6, 0.2, 0.2), total=[total_label, total.text(), ""])


def _municipality(item: MunicipalitySection) -> list[Flowable]:
    story: list[Flowable] = section(_("{municipality} (municipality {number})").format(
        municipality=item.name, number=item.number))
    if not item.complete:
        story.append(notice(_("Only the services you work for {municipality} are counted: {services}.").format(
            municipality=item.name, services=", ".join(item.services))))
    story.extend(_services(item))
    story.extend(_decisions(item))
    story.extend(_interim(item))
    story.extend(_complaints(item))
    if item.kvp is not None:
        story.extend(_kvp(item.kvp))
    if item.debt is not None:
        story.extend(_debt(item.debt))
    return story


def _services(item: MunicipalitySection) -> list[Flowable]:
    rows = [[line.name, _("Minimum") if line.minimum else _("Optional"), cell_text(line.people),
             cell_text(line.applications)] for line in item.catalogue]
    return [
        subheading(_("Services in use")),
        count_table((_("Service"), _("Kind"), _("People in the period"), _("Applications received")), rows,
                    (0.42, 0.18, 0.2, 0.2), total=[_("All services"), "", "", item.applications_total.text()]),
        explanation(_(
            "The municipality's service catalogue in the period. 'Minimum' services are those every NAV office "
            "must offer (the municipal minimum); 'optional' ones the municipality has added. People in the "
            "period: people who had the service at some time in the period (applied, granted or running). "
            "Applications received: new applications, oral ones included.")),
    ]


def _decisions(item: MunicipalitySection) -> list[Flowable]:
    story: list[Flowable] = [
        subheading(_("Decisions")),
        lines_table((_("Outcome"), _("Decisions"), _("Share")), item.decisions, _("All decisions"),
                    item.decisions_total, _("No decisions were made in the period.")),
    ]
    processing = item.processing
    if processing.median_days is None or processing.p90_days is None:
        text = _("Processing time: too few decisions in the period to print it.")
    else:
        text = _("Processing time: half of the decisions were made within {median}; nine in ten within "
                 "{p90}.").format(median=_days(processing.median_days), p90=_days(processing.p90_days))
    story.append(Paragraph(markup(text), ParagraphStyle("after_table", parent=styles()["body"], spaceBefore=5)))
    story.append(explanation(_(
        "Decisions made in the period, by outcome. Processing time counts calendar days from the day the "
        "application was received to the day of the decision: the median (half took no longer) and the "
        "90th percentile (nine in ten took no longer).")))
    return story


def _interim(item: MunicipalitySection) -> list[Flowable]:
    return [
        subheading(_("Interim replies")),
        lines_table((_("Applications"), _("Count"), _("Share")), item.interim, _("Interim replies due"),
                    item.interim_total, _("No interim reply fell due in the period.")),
        explanation(_(
            "Applications whose interim reply (forvaltningsloven § 11 a) fell due in the period while they were "
            "still undecided: when an application cannot be answered within a month, the applicant must be told "
            "why and when to expect an answer.")),
    ]


def _complaints(item: MunicipalitySection) -> list[Flowable]:
    return [
        subheading(_("Complaints")),
        Paragraph(markup(_("Complaints received in the period: {count}.").format(
            count=item.complaints_received.text())), styles()["body"]),
        lines_table((_("Outcome of the complaint"), _("Complaints"), _("Share")), item.complaint_outcomes,
                    _("Complaints decided"), item.complaint_outcomes_total,
                    _("No complaint was decided in the period.")),
        explanation(_(
            "Complaints about the office's decisions received in the period, and the outcome of those decided "
            "in the period — by the office itself or by Statsforvalteren.")),
    ]


def _kvp(kvp: KvpFigures) -> list[Flowable]:
    return [
        subheading(_("Qualification programme (KVP)")),
        Paragraph(markup(_("Participants in the period: {participants}. Started in the period: {started}.").format(
            participants=kvp.participants.text(), started=kvp.started.text())), styles()["body"]),
        lines_table((_("Why the programme ended"), _("Participants"), _("Share")), kvp.ended,
                    _("Ended in the period"), kvp.ended_total, _("No programme ended in the period.")),
        explanation(_(
            "Participants: people in the programme at some time in the period. The programmes that ended in the "
            "period are counted by the reason they ended.")),
    ]


def _debt(debt: DebtFigures) -> list[Flowable]:
    return [
        subheading(_("Debt counselling")),
        Paragraph(markup(_("People given debt counselling in the period: {people}. Cases still open when the "
                           "period ended: {open}.").format(people=debt.people.text(), open=debt.open_at_end.text())),
                  styles()["body"]),
        explanation(_("Debt counselling (gjeldsrådgivning) is counted by the people who had a case at some time "
                      "in the period, wherever in the region their counsellor works.")),
    ]


def _work(report: MunicipalReport) -> list[Flowable]:
    story: list[Flowable] = [
        *section(_("Each municipality's share of the municipal work")),
        lines_table((_("Municipality"), _("People"), _("Share")), report.work, _("The office"), report.work_total,
                    _("No one had a municipal service in the period.")),
        spacer(),
    ]
    if report.work_total.count != 0:
        story.append(charts.figure(
            charts.share_chart([line.label for line in report.work], [line.share for line in report.work],
                               title=_("Share of the people with a municipal service"),
                               withheld_mark=withheld_mark(report.threshold)),
            _("People with at least one municipal service at some time in the period, by the municipality "
              "responsible for it. In a host-municipality arrangement (vertskommune) this is the usual basis for "
              "splitting the cost of the shared office between the municipalities.")))
    if not report.shares_complete:
        story.append(notice(_("Your access covers only part of the office's municipal work, so these shares "
                              "are not the split between the municipalities: use a report made by someone who "
                              "works every municipal service of the office.")))
    return story


def withheld_mark(threshold: int) -> str:
    """What a chart shows for a count it may not print: short enough to sit on a bar."""
    return _("< {count}").format(count=format_number(threshold))


def about(threshold: int) -> list[Flowable]:
    """The small-count rule in words, for the reports read by politicians and the public."""
    look = styles()
    return [
        *section(_("About the figures")),
        Paragraph(markup(_(
            "Small counts are not printed, so that no one can be recognised: a count from 1 to {below} reads "
            "'fewer than {threshold}'. Where a table also prints its total, more counts may read 'withheld', "
            "so that a small count cannot be worked out by subtracting the others from the total; where even "
            "that is not enough, the total is withheld. Shares, medians and percentiles are printed only when "
            "the counts behind them are.").format(below=format_number(threshold - 1),
                                                 threshold=format_number(threshold))), look["body"]),
        Paragraph(markup(_(
            "Each figure counts only the municipal services the maker of the report works in their own right "
            "(directly or through a host agreement), the same rule that decides what they may open in navdesk.")),
            look["body"]),
    ]


def _days(value: float) -> str:
    plural_of = int(value) if float(value).is_integer() else 2  # 1.5 days reads as a plural
    return ngettext("{days} day", "{days} days", plural_of).format(days=format_number(value))
